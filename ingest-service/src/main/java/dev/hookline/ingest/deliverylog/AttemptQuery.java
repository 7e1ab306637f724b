package dev.hookline.ingest.deliverylog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.PageSize;
import org.jspecify.annotations.Nullable;

/**
 * The filters and page of {@code GET /v1/subscriptions/{id}/attempts}, parsed from its
 * query parameters. A malformed parameter fails with a 400 {@link ApiException} naming
 * it.
 *
 * @param outcome {@code succeeded} (2xx), {@code failed} (anything else), or null for
 * both
 * @param httpStatus only attempts answered with this status, or null
 * @param eventType only attempts of this event type, or null
 * @param since only attempts that ended at or after this instant, or null
 * @param until only attempts that ended before this instant, or null
 * @param limit the most attempts on the page
 * @param after only attempts older than this one (the cursor), or null
 */
record AttemptQuery(@Nullable String outcome, @Nullable Integer httpStatus, @Nullable String eventType,
		@Nullable Instant since, @Nullable Instant until, int limit, @Nullable LoggedAttempt after) {

	static AttemptQuery parse(@Nullable String status, @Nullable String eventType, @Nullable String since,
			@Nullable String until, @Nullable String limit, @Nullable String after) {
		String outcome = null;
		Integer httpStatus = null;
		if (status != null && (status.equals("succeeded") || status.equals("failed"))) {
			outcome = status;
		}
		else if (status != null) {
			httpStatus = httpStatus(status);
		}
		Instant from = instant("since", since);
		Instant to = instant("until", until);
		if (from != null && to != null && !to.isAfter(from)) {
			throw invalid("until", "must be later than 'since'");
		}
		if (eventType != null && eventType.isEmpty()) {
			throw invalid("eventType", "must not be empty");
		}
		return new AttemptQuery(outcome, httpStatus, eventType, from, to, PageSize.of(limit),
				(after != null) ? position(after) : null);
	}

	boolean matches(LoggedAttempt attempt) {
		return (this.outcome == null || attempt.succeeded() == this.outcome.equals("succeeded"))
				&& (this.httpStatus == null || this.httpStatus.equals(attempt.status()))
				&& (this.eventType == null || this.eventType.equals(attempt.eventType()))
				&& (this.since == null || !attempt.at().isBefore(this.since))
				&& (this.until == null || attempt.at().isBefore(this.until));
	}

	/** The {@code after} value that pages on from this attempt. */
	static String cursor(LoggedAttempt last) {
		String position = last.at().toEpochMilli() + ":" + last.attempt() + ":" + last.deliveryId();
		return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
	}

	private static LoggedAttempt position(String cursor) {
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 3);
			if (parts.length == 3 && !parts[2].isEmpty()) {
				return LoggedAttempt.key(Instant.ofEpochMilli(Long.parseLong(parts[0])), parts[2],
						Integer.parseInt(parts[1]));
			}
		}
		catch (IllegalArgumentException ex) {
			// not base64, or not numbers: answered below
		}
		throw invalid("after", "must be the 'next' value of a previous page");
	}

	private static Integer httpStatus(String status) {
		if (status.matches("[1-5][0-9][0-9]")) {
			return Integer.valueOf(status);
		}
		throw invalid("status", "must be succeeded, failed or an HTTP status code from 100 to 599");
	}

	static @Nullable Instant instant(String name, @Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw invalid(name, "must be an ISO-8601 instant, e.g. 2025-01-31T12:00:00Z");
		}
	}

	static ApiException invalid(String parameter, String detail) {
		return ApiException.invalidField("invalid-parameter", "Invalid parameter", parameter, detail);
	}

}
