package dev.hookline.ingest.http;

import java.util.stream.Collectors;

import dev.hookline.ingest.kafka.KafkaUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;

/**
 * The one place that decides how a failure is answered: every exception that leaves a
 * filter or handler, and the framework's own (unknown route, wrong method, wrong content
 * type), becomes an RFC 9457 {@code application/problem+json} document.
 *
 * <p>
 * Runs before Spring Boot's error handler (order -1). Unexpected exceptions are answered
 * 500 with a generic detail and logged here with their stack trace; nothing of them
 * reaches the caller.
 */
@Component
@Order(-2)
final class ProblemHandler implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	private static final JsonMapper JSON = JsonMapper.shared();

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		ServerHttpRequest request = exchange.getRequest();
		ApiException problem = toProblem(ex, request);
		logIfServerError(problem, ex, request);
		ObjectNode body = JSON.createObjectNode();
		body.put("type", problem.type());
		body.put("title", problem.title());
		body.put("status", problem.status().value());
		body.put("detail", problem.detail());
		body.put("instance", request.getPath().value());
		problem.properties().forEach((name, value) -> body.set(name, JSON.valueToTree(value)));
		response.setStatusCode(problem.status());
		HttpHeaders headers = response.getHeaders();
		headers.putAll(problem.headers());
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(JSON.writeValueAsBytes(body))));
	}

	static ApiException toProblem(Throwable ex, ServerHttpRequest request) {
		if (ex instanceof ApiException problem) {
			return problem;
		}
		if (ex instanceof KafkaUnavailableException) {
			return ApiException
				.of(HttpStatus.SERVICE_UNAVAILABLE, "kafka-unavailable", "Kafka unavailable",
						"Kafka did not confirm the request in time; it may or may not have taken effect. "
								+ "Retry it: events keep their ids when they carry one or the request carries "
								+ "the same Idempotency-Key.")
				.withHeader(HttpHeaders.RETRY_AFTER, "1");
		}
		if (ex instanceof DataBufferLimitException) {
			return ApiException.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Body too large",
					"The request body is larger than this API accepts.");
		}
		if (ex instanceof ErrorResponse error) {
			return fromErrorResponse(error, request);
		}
		return ApiException.of(HttpStatus.INTERNAL_SERVER_ERROR, "", "Internal Server Error",
				"The request failed unexpectedly; the failure has been logged.");
	}

	private static ApiException fromErrorResponse(ErrorResponse error, ServerHttpRequest request) {
		HttpStatus status = HttpStatus.resolve(error.getStatusCode().value());
		if (status == null || status.is5xxServerError()) {
			return ApiException.of(HttpStatus.INTERNAL_SERVER_ERROR, "", "Internal Server Error",
					"The request failed unexpectedly; the failure has been logged.");
		}
		return ApiException.of(status, "", status.getReasonPhrase(), detail(error, status, request))
			.withHeaders(error.getHeaders());
	}

	private static String detail(ErrorResponse error, HttpStatus status, ServerHttpRequest request) {
		if (error instanceof MethodNotAllowedException notAllowed) {
			return "Method " + request.getMethod() + " is not allowed here; allowed: "
					+ notAllowed.getSupportedMethods()
						.stream()
						.map(Object::toString)
						.sorted()
						.collect(Collectors.joining(", "))
					+ ".";
		}
		if (error instanceof UnsupportedMediaTypeStatusException) {
			return "The body must be sent with Content-Type: application/json.";
		}
		if (error instanceof NotAcceptableStatusException) {
			return "This API answers in application/json only.";
		}
		if (status == HttpStatus.NOT_FOUND) {
			return "No endpoint matches " + request.getMethod() + " " + request.getPath().value() + ".";
		}
		return status.getReasonPhrase() + ".";
	}

	private static void logIfServerError(ApiException problem, Throwable ex, ServerHttpRequest request) {
		if (problem.status() == HttpStatus.SERVICE_UNAVAILABLE) {
			log.warn("{} {} answered 503: {}", request.getMethod(), request.getPath(), causes(ex));
		}
		else if (problem.status().is5xxServerError()) {
			log.error("{} {} failed", request.getMethod(), request.getPath(), ex);
		}
	}

	private static String causes(Throwable ex) {
		StringBuilder text = new StringBuilder(String.valueOf(ex.getMessage()));
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
		}
		return text.toString();
	}

}
