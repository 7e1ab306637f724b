package dev.hookline.router.routing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.hookline.schemas.OperationalEvents;
import dev.hookline.schemas.payload.FieldAllowlist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventDataTest {

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "{", "{\"a\":}", "1 2", "{} x", "not json" })
	void dataThatIsNotOneJsonValueIsRejectedWithoutQuotingIt(String data) {
		EventData event = new EventData(WebhookBodyTest.event("e", "t.x", Instant.EPOCH, data));

		assertThatIllegalArgumentException().isThrownBy(event::tree)
			.satisfies((ex) -> assertThat(ex.getMessage()).startsWith("event data is"));
	}

	@Test
	void anAllowlistedBodyKeepsEveryDigitOfItsNumbers() {
		EventData event = new EventData(WebhookBodyTest.event("e", "t.x", Instant.EPOCH,
				"{\"price\":0.1000000000000000000001,\"big\":123456789012345678901234567890,\"x\":1}"));

		byte[] body = event.bodyWith(FieldAllowlist.of(List.of("/price", "/big"), "fields"));

		assertThat(new String(body, StandardCharsets.UTF_8))
			.endsWith("\"data\":{\"price\":0.1000000000000000000001,\"big\":123456789012345678901234567890}}");
	}

	@Test
	void theSubjectIsTheSubscriptionAnOperationalEventIsAbout() {
		assertThat(subject(OperationalEvents.DELIVERY_EXHAUSTED, "{\"subscriptionId\":\"sub_1\"}")).isEqualTo("sub_1");
		assertThat(subject(OperationalEvents.DELIVERY_EXHAUSTED, "{\"subscriptionId\":7}")).isNull();
		assertThat(subject(OperationalEvents.DELIVERY_EXHAUSTED, "[]")).isNull();
		assertThat(subject("order.paid", "{\"subscriptionId\":\"sub_1\"}")).isNull();
	}

	@Test
	void anOrdinaryEventsDataIsNotParsedToFindASubject() {
		EventData event = new EventData(WebhookBodyTest.event("e", "order.paid", Instant.EPOCH, "not json"));

		assertThat(event.subject()).isNull();
	}

	private static String subject(String type, String data) {
		return new EventData(WebhookBodyTest.event("e", type, Instant.EPOCH, data)).subject();
	}

}
