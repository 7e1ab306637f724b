package dev.hookline.ingest.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A failure whose answer is already decided: its status, problem type, title, detail and
 * extra members of the RFC 9457 problem document. Thrown (or signalled) by handlers and
 * filters; {@link ProblemHandler} renders it. The detail is shown to the caller, so it
 * must never contain a secret.
 */
public final class ApiException extends RuntimeException {

	/** The prefix of Hookline's problem type URIs. */
	public static final String TYPE_PREFIX = "https://hookline.dev/problems/";

	private final HttpStatus status;

	private final String type;

	private final String title;

	private final Map<String, Object> properties;

	private final HttpHeaders headers;

	private ApiException(HttpStatus status, String type, String title, String detail, Map<String, Object> properties,
			HttpHeaders headers) {
		// an expected answer, not a bug: no stack trace to fill or log
		super(detail, null, false, false);
		this.status = status;
		this.type = type;
		this.title = title;
		this.properties = properties;
		this.headers = headers;
	}

	/**
	 * @param slug the last part of the problem type, e.g. {@code invalid-event}; empty
	 * for {@code about:blank}
	 */
	public static ApiException of(HttpStatus status, String slug, String title, String detail) {
		String type = slug.isEmpty() ? "about:blank" : TYPE_PREFIX + slug;
		return new ApiException(status, type, title, detail, Map.of(), new HttpHeaders());
	}

	/** A 400 listing field errors; {@code field} and {@code index} name the first. */
	static ApiException invalid(String slug, String title, List<FieldError> errors, int dropped) {
		FieldError first = errors.get(0);
		int more = errors.size() - 1 + dropped;
		String detail = first.describe() + ((more > 0) ? " (and " + more + " more)" : "");
		ApiException problem = of(HttpStatus.BAD_REQUEST, slug, title, detail);
		if (first.field() != null) {
			problem = problem.with("field", first.field());
		}
		if (first.index() != null) {
			problem = problem.with("index", first.index());
		}
		return problem.with("errors", errors);
	}

	/** A 400 about one field, outside a batch. */
	public static ApiException invalidField(String slug, String title, String field, String detail) {
		return invalid(slug, title, List.of(new FieldError(field, null, detail)), 0);
	}

	/**
	 * A value from the request as a problem's detail quotes it: itself when at most
	 * {@code max} characters, else its start and {@code ...}, {@code max} in all, so that
	 * no caller can make an answer or a log line as long as it likes.
	 */
	public static String abbreviated(String value, int max) {
		return (value.length() <= max) ? value : value.substring(0, max - 3) + "...";
	}

	/** This problem with one more member in its document. */
	public ApiException with(String name, Object value) {
		Map<String, Object> more = new LinkedHashMap<>(this.properties);
		more.put(name, value);
		return new ApiException(this.status, this.type, this.title, getMessage(), more, this.headers);
	}

	/** This problem with one more response header. */
	public ApiException withHeader(String name, String value) {
		HttpHeaders more = HttpHeaders.copyOf(this.headers);
		more.add(name, value);
		return new ApiException(this.status, this.type, this.title, getMessage(), this.properties, more);
	}

	/** This problem with more response headers (e.g. {@code Allow} of a 405). */
	public ApiException withHeaders(HttpHeaders headers) {
		HttpHeaders more = HttpHeaders.copyOf(this.headers);
		more.addAll(headers);
		return new ApiException(this.status, this.type, this.title, getMessage(), this.properties, more);
	}

	public HttpStatus status() {
		return this.status;
	}

	public String type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	public String detail() {
		return getMessage();
	}

	/** Extra members of the problem document, in order. */
	public Map<String, Object> properties() {
		return this.properties;
	}

	public HttpHeaders headers() {
		return HttpHeaders.readOnlyHttpHeaders(this.headers);
	}

}
