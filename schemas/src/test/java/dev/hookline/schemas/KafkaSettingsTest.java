package dev.hookline.schemas;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSettingsTest {

	private static final Map<String, String> SASL = Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config",
			"org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p4ss\";");

	@Test
	void everyClientGetsTheBrokersTheClientPropertiesAndItsOwnId() {
		KafkaSettings settings = new KafkaSettings("kafka:9093", null, null, null, SASL);

		Map<String, Object> client = settings.client("hookline-test");

		assertThat(client).containsEntry("bootstrap.servers", "kafka:9093")
			.containsEntry("client.id", "hookline-test")
			.containsEntry("security.protocol", "SASL_SSL")
			.containsKey("sasl.jaas.config");
		client.put("acks", "all");
		assertThat(settings.client("other")).as("each call a map of its own").doesNotContainKey("acks");
	}

	@Test
	void theBrokersAreSetInOnePlaceOnly() {
		assertThatThrownBy(
				() -> new KafkaSettings("kafka:9093", null, null, null, Map.of("bootstrap.servers", "elsewhere:9092")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("set hookline.kafka.bootstrap-servers");
	}

	@Test
	void itsTextNamesThePropertiesButNeverTheirValues() {
		String text = new KafkaSettings("kafka:9093", null, null, null, SASL).toString();

		assertThat(text).contains("kafka:9093", "sasl.jaas.config", "security.protocol").doesNotContain("p4ss");
	}

	@Test
	void withoutPropertiesThereAreNone() {
		assertThat(KafkaSettings.defaults().properties()).isEmpty();
		assertThat(KafkaSettings.defaults().client("c")).containsOnlyKeys("bootstrap.servers", "client.id");
	}

}
