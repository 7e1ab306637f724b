package dev.hookline.router.routing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.hookline.schemas.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WebhookBodyTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void writesIdTypeTimestampAndDataInOrderWithoutWhitespace() {
		Event event = event("evt_1", "post.created", Instant.parse("2025-03-01T12:00:00.123Z"), "{\"title\":\"Hi\"}");

		assertThat(new String(WebhookBody.of(event), StandardCharsets.UTF_8)).isEqualTo(
				"{\"id\":\"evt_1\",\"type\":\"post.created\",\"timestamp\":\"2025-03-01T12:00:00.123Z\",\"data\":{\"title\":\"Hi\"}}");
	}

	@Test
	void theTimestampIsTheInstantsIsoFormInUtc() {
		Event event = event("e", "t.x", Instant.parse("2025-03-01T12:00:00Z"), "1");

		assertThat(JSON.readTree(WebhookBody.of(event)).get("timestamp").asString()).isEqualTo("2025-03-01T12:00:00Z");
	}

	@Test
	void stringsThatNeedEscapingRoundTrip() {
		String id = "evt \"quoted\" \\ back/slash\n\ttab \u0001 ünïcödé 😀";
		String type = "post.\"created\"";
		Event event = event(id, type, Instant.EPOCH, "null");

		JsonNode body = JSON.readTree(WebhookBody.of(event));

		assertThat(body.get("id").asString()).isEqualTo(id);
		assertThat(body.get("type").asString()).isEqualTo(type);
		assertThat(body.get("data").isNull()).isTrue();
	}

	@Test
	void dataIsSplicedInByteForByte() {
		String data = "{\"n\":1.50e2,\"s\":\"\\u00e9\",\"a\":[true,null,{}],\"deep\":{\"x\":-0}}";
		Event event = event("e", "t.x", Instant.EPOCH, data);

		String body = new String(WebhookBody.of(event), StandardCharsets.UTF_8);

		assertThat(body).endsWith(",\"data\":" + data + "}");
		assertThat(JSON.readTree(body).get("data").get("a").size()).isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "{", "{\"a\":}", "1 2", "{} x", "not json" })
	void dataThatIsNotOneJsonValueIsRejected(String data) {
		Event event = event("e", "t.x", Instant.EPOCH, data);

		assertThatIllegalArgumentException().isThrownBy(() -> WebhookBody.of(event));
	}

	@Test
	void otherDataIsWrittenCompactlyInTheSameEnvelope() {
		Event event = event("evt_1", "post.created", Instant.parse("2025-03-01T12:00:00.123Z"),
				"{ \"title\": \"Hi\", \"secret\": 1 }");

		byte[] body = WebhookBody.of(event, JSON.readTree("{\"title\":\"Hi\",\"tags\":[1,null]}"));

		assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"evt_1\",\"type\":\"post.created\","
				+ "\"timestamp\":\"2025-03-01T12:00:00.123Z\",\"data\":{\"title\":\"Hi\",\"tags\":[1,null]}}");
	}

	static Event event(String id, String type, Instant occurredAt, String data) {
		return Event.newBuilder()
			.setId(id)
			.setTenant("acme")
			.setType(type)
			.setOccurredAt(occurredAt)
			.setData(data)
			.build();
	}

}
