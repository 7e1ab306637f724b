package dev.hookline.cli;

import java.util.Map;

import dev.hookline.schemas.KafkaSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsTest {

	@Test
	void kafkaClientPropertiesComeFromHooklineKafkaPropertiesVariablesAsTheServicesReadThem() {
		Settings settings = new Settings(Map.of("HOOKLINE_KAFKA_BOOTSTRAPSERVERS", "kafka:9093",
				"HOOKLINE_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL", "HOOKLINE_KAFKA_PROPERTIES_SASL_MECHANISM",
				"SCRAM-SHA-512", "HOOKLINE_KAFKA_PROPERTIES_", "ignored", "HOOKLINE_API", "http://api:8080"));

		KafkaSettings kafka = settings.kafka(null, null);

		assertThat(kafka.bootstrapServers()).isEqualTo("kafka:9093");
		assertThat(kafka.properties()).containsOnly(Map.entry("security.protocol", "SASL_SSL"),
				Map.entry("sasl.mechanism", "SCRAM-SHA-512"));
		assertThat(kafka.client("hookline-cli")).containsEntry("security.protocol", "SASL_SSL");
	}

}
