package dev.hookline.bench.load;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class BodiesTest {

	@Test
	void everyBodyHasTheSizeAskedForAndANumberOfItsOwn() {
		List<byte[]> bodies = Bodies.of(3, 1024);

		assertThat(bodies).hasSize(3).allSatisfy((body) -> assertThat(body).hasSize(1024));
		for (int seq = 0; seq < 3; seq++) {
			JsonNode event = JsonMapper.shared().readTree(bodies.get(seq));
			assertThat(event.get("type").asString()).isEqualTo("bench.event");
			assertThat(event.get("data").get("seq").asInt()).isEqualTo(seq);
		}
	}

	@Test
	void aSizeBelowTheEnvelopeGivesTheEnvelopeWithNoPadding() {
		JsonNode event = JsonMapper.shared().readTree(Bodies.body(7, 10));

		assertThat(event.get("data").get("seq").asInt()).isEqualTo(7);
		assertThat(event.get("data").get("pad").asString()).isEmpty();
	}

}
