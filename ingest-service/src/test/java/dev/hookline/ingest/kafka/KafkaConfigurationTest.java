package dev.hookline.ingest.kafka;

import java.time.Duration;
import java.util.Map;

import dev.hookline.ingest.IngestProperties;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaConfigurationTest {

	@Test
	void theSharedKafkaSettingsHaveDefaults() {
		KafkaSettings settings = new KafkaConfiguration().kafkaSettings(new MockEnvironment());
		assertThat(settings.bootstrapServers()).isEqualTo("localhost:9092");
		assertThat(settings.topicPrefix()).isEqualTo("hookline.");
		assertThat(settings.partitions()).isEqualTo(12);
	}

	@Test
	void theSharedKafkaSettingsAreBoundFromHooklineKafka() {
		KafkaSettings settings = new KafkaConfiguration()
			.kafkaSettings(new MockEnvironment().withProperty("hookline.kafka.bootstrap-servers", "kafka:9093")
				.withProperty("hookline.kafka.topic-prefix", "test.")
				.withProperty("hookline.kafka.partitions", "3"));
		assertThat(settings.bootstrapServers()).isEqualTo("kafka:9093");
		assertThat(settings.topics().events().name()).isEqualTo("test.events");
		assertThat(settings.partitions()).isEqualTo(3);
	}

	@Test
	void kafkaClientPropertiesAreBoundFromHooklineKafkaPropertiesAndReachTheProducer() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("hookline.kafka.properties.security.protocol", "SASL_SSL")
			.withProperty("hookline.kafka.properties.sasl.mechanism", "SCRAM-SHA-512");
		// and an environment variable, in Spring's form
		environment.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("HOOKLINE_KAFKA_PROPERTIES_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12")));
		KafkaSettings settings = new KafkaConfiguration().kafkaSettings(environment);

		assertThat(settings.properties()).containsEntry("security.protocol", "SASL_SSL")
			.containsEntry("sasl.mechanism", "SCRAM-SHA-512")
			.containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12");
		assertThat(settings.toString()).doesNotContain("SASL_SSL");
		Map<String, Object> config = KafkaConfiguration.producerConfig(settings,
				new IngestProperties(DataSize.ofKilobytes(256), 32, 1000, Duration.ofSeconds(3)));
		assertThat(config).containsEntry("security.protocol", "SASL_SSL")
			.containsEntry("sasl.mechanism", "SCRAM-SHA-512")
			.containsEntry(ProducerConfig.ACKS_CONFIG, "all");
	}

	@Test
	void theProducerNeedsEveryReplicaAndWaitsNoLongerThanTheKafkaTimeout() {
		IngestProperties properties = new IngestProperties(DataSize.ofKilobytes(256), 32, 1000, Duration.ofSeconds(3));
		Map<String, Object> config = KafkaConfiguration
			.producerConfig(new KafkaSettings("kafka:9093", null, null, null, null), properties);
		assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
			.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
			.containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000)
			.containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000)
			.containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093");
		assertThat((int) config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).isBetween(3000, 3100);
	}

	@Test
	void theProducerTakesTheOneRecordLimitOfEveryProducerAndTopicWhateverTheBodyLimit() {
		IngestProperties sixteen = new IngestProperties(DataSize.ofMegabytes(16), 32, 1000, Duration.ofSeconds(3));

		assertThat(KafkaConfiguration.producerConfig(new KafkaSettings("kafka:9093", null, null, null, null), sixteen))
			.containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_REQUEST_BYTES);
	}

}
