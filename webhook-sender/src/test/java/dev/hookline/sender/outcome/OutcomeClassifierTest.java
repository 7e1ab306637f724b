package dev.hookline.sender.outcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.hookline.sender.http.SendError;
import dev.hookline.sender.http.SendResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeClassifierTest {

	private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

	private final OutcomeClassifier classifier = new OutcomeClassifier(Clock.fixed(NOW, ZoneOffset.UTC));

	@ParameterizedTest
	@ValueSource(ints = { 200, 201, 202, 204, 299 })
	void every2xxIsDelivered(int status) {
		assertThat(this.classifier.classify(answered(status, null))).isInstanceOf(Verdict.Delivered.class);
	}

	@ParameterizedTest
	@ValueSource(ints = { 100, 301, 302, 307, 400, 401, 404, 500, 502, 504 })
	void everyOtherStatusIsRetriedWithItsStatusAsReason(int status) {
		assertThat(this.classifier.classify(answered(status, "120")))
			.isEqualTo(new Verdict.Retry("http_" + status, null));
	}

	@Test
	void goneMeansTheEndpointWantsNoMore() {
		assertThat(this.classifier.classify(answered(410, null))).isInstanceOf(Verdict.Gone.class);
	}

	@Test
	void anErrorIsRetriedWithItsErrorClassAsReason() {
		assertThat(this.classifier.classify(SendResult.failed(SendError.TIMEOUT, 15_000)))
			.isEqualTo(new Verdict.Retry("timeout", null));
	}

	@Test
	void tooManyRequestsCarriesTheRetryAfterSeconds() {
		assertThat(this.classifier.classify(answered(429, "120")))
			.isEqualTo(new Verdict.Retry("http_429", Duration.ofMinutes(2)));
	}

	@ParameterizedTest
	@ValueSource(ints = { 429, 503 })
	void withoutRetryAfterTooManyRequestsAndUnavailableFollowTheSchedule(int status) {
		assertThat(this.classifier.classify(answered(status, null)))
			.isEqualTo(new Verdict.Retry("http_" + status, null));
	}

	@Test
	void aConnectionThatCouldNotBeOpenedIsRetried() {
		assertThat(this.classifier.classify(SendResult.failed(SendError.CONNECT_ERROR, 5_000)))
			.isEqualTo(new Verdict.Retry("connect_error", null));
	}

	@Test
	void unavailableCarriesTheRetryAfterDate() {
		assertThat(this.classifier.classify(answered(503, "Wed, 21 Oct 2015 07:58:00 GMT")))
			.isEqualTo(new Verdict.Retry("http_503", Duration.ofMinutes(30)));
	}

	@Test
	void aRetryAfterDateInThePastMeansNoWait() {
		assertThat(this.classifier.classify(answered(503, "Wed, 21 Oct 2015 06:00:00 GMT")))
			.isEqualTo(new Verdict.Retry("http_503", Duration.ZERO));
	}

	@ParameterizedTest
	@ValueSource(strings = { "soon", "-5", "1.5", "" })
	void aMalformedRetryAfterIsIgnored(String header) {
		assertThat(this.classifier.classify(answered(429, header))).isEqualTo(new Verdict.Retry("http_429", null));
	}

	@Test
	void anAbsurdRetryAfterIsCappedAtAYear() {
		assertThat(this.classifier.classify(answered(429, "99999999999999999999")))
			.isEqualTo(new Verdict.Retry("http_429", Duration.ofDays(365)));
	}

	private static SendResult answered(int status, String retryAfter) {
		return SendResult.answered(status, 12, null, retryAfter);
	}

}
