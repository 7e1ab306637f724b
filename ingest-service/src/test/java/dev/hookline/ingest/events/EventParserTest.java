package dev.hookline.ingest.events;

import java.time.Duration;
import java.time.Instant;

import dev.hookline.ingest.IngestProperties;
import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.JsonBodyReader;
import dev.hookline.schemas.Topics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The one record limit, as ingest applies it to each event: with the body limit raised to
 * 16 MB, an event whose data would not fit in a record is refused rather than accepted
 * and then stuck in front of the router for ever.
 */
class EventParserTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final IngestProperties properties = new IngestProperties(DataSize.ofMegabytes(16), 32, 1000,
			Duration.ofSeconds(10));

	private final EventParser parser = new EventParser(this.properties, new JsonBodyReader(this.properties));

	private final EventParser.Context context = new EventParser.Context("acme", null, null, Instant.now());

	@Test
	void anEventWhoseDataFitsARecordWithItsEnvelopeIsAccepted() {
		assertThat(this.parser.parse(event(Topics.MAX_EVENT_DATA_BYTES), this.context)).hasSize(1);
	}

	@Test
	void anEventWhoseDataWouldNotFitARecordIsRefusedNamingItsData() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.parser.parse(event(Topics.MAX_EVENT_DATA_BYTES + 1), this.context))
			.satisfies((refused) -> {
				assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(refused.getMessage()).contains("data").contains("at most " + Topics.MAX_EVENT_DATA_BYTES);
			});
	}

	/** An event whose compact data is exactly this many bytes. */
	private static ObjectNode event(int dataBytes) {
		ObjectNode event = JSON.createObjectNode().put("type", "file.uploaded");
		// a JSON string: its two quotes and the characters between them
		event.put("data", "x".repeat(dataBytes - 2));
		return event;
	}

}
