package dev.hookline.router;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.Topics;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RouterSettingsTest {

	@Test
	void everyRouterSettingHasADefault() {
		RouterProperties router = bind(Map.of());

		assertThat(router.applicationId()).isEqualTo("hookline-router");
		assertThat(router.stateDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "hookline-router"));
		assertThat(router.threads()).isEqualTo(1);
		assertThat(router.commitInterval()).isEqualTo(Duration.ofMillis(100));
		assertThat(router.closeTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(router.dedupWindow()).isEqualTo(Duration.ofHours(1));
		assertThat(router.streams()).isEmpty();
		assertThat(router).isEqualTo(RouterProperties.defaults());
	}

	@Test
	void routerSettingsBindFromKebabCaseProperties() {
		RouterProperties router = bind(Map.of("hookline.router.application-id", "router-a", "hookline.router.state-dir",
				"/var/lib/router", "hookline.router.threads", "4", "hookline.router.commit-interval", "250ms",
				"hookline.router.dedup-window", "15m", "hookline.router.streams.[security.protocol]", "SSL"));

		assertThat(router.applicationId()).isEqualTo("router-a");
		assertThat(router.stateDir()).isEqualTo(Path.of("/var/lib/router"));
		assertThat(router.threads()).isEqualTo(4);
		assertThat(router.commitInterval()).isEqualTo(Duration.ofMillis(250));
		assertThat(router.dedupWindow()).isEqualTo(Duration.ofMinutes(15));
		assertThat(router.streams()).containsEntry("security.protocol", "SSL");
	}

	@Test
	void aDedupWindowOfZeroIsAccepted() {
		assertThat(bind(Map.of("hookline.router.dedup-window", "0")).dedupWindow()).isZero();
	}

	@Test
	void aNegativeDedupWindowFailsStartUp() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("hookline.router.dedup-window", "-1s")))
			.havingRootCause()
			.withMessageContaining("hookline.router.dedup-window");
	}

	@Test
	void zeroThreadsFailStartUp() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of("hookline.router.threads", "0")))
			.havingRootCause()
			.withMessageContaining("hookline.router.threads");
	}

	@Test
	void sharedKafkaSettingsBindWithTheirDefaults() {
		KafkaSettings settings = kafka(
				new MockEnvironment().withProperty("hookline.kafka.bootstrap-servers", "broker:9092"));

		assertThat(settings).isEqualTo(new KafkaSettings("broker:9092", "hookline.", 12, null, null));
	}

	@Test
	void sharedKafkaSettingsBindEveryValue() {
		KafkaSettings settings = kafka(
				new MockEnvironment().withProperty("hookline.kafka.bootstrap-servers", "broker:9092")
					.withProperty("hookline.kafka.topic-prefix", "staging.")
					.withProperty("hookline.kafka.partitions", "3")
					.withProperty("hookline.kafka.replication-factor", "2"));

		assertThat(settings).isEqualTo(new KafkaSettings("broker:9092", "staging.", 3, (short) 2, null));
	}

	@Test
	void internalTopicsAreReplicatedAsHooklinesOwnUnlessTheStreamsSettingsSayOtherwise() {
		Properties properties = new Properties();
		RouterConfig.replicateInternalTopics(properties, (short) 3);
		assertThat(properties).containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)
			.containsEntry("topic.min.insync.replicas", "2");

		Properties overridden = new Properties();
		overridden.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
		RouterConfig.replicateInternalTopics(overridden, (short) 3);
		assertThat(overridden).containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
	}

	@Test
	void streamsRunExactlyOnceAndQuarantineUndecodableRecords() {
		QuarantineWriter quarantine = quarantine();
		Properties properties = RouterConfig.streamsProperties(new KafkaSettings("broker:9092", null, null, null, null),
				RouterProperties.defaults(), quarantine);

		assertThat(properties).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2")
			.containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
					QuarantiningHandler.class.getName())
			.containsEntry(QuarantiningHandler.WRITER_CONFIG, quarantine)
			.containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "hookline-router")
			.containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
			.containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1)
			.containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L)
			.containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED)
			// the one record limit of every producer and topic, not the producer's own
			// 1 MB, so a delivery of the largest event ingest accepts can be written
			.containsEntry("producer.max.request.size", dev.hookline.schemas.Topics.MAX_REQUEST_BYTES);
		assertThat(new StreamsConfig(properties).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
			.isEqualTo("exactly_once_v2");
	}

	@Test
	void extraStreamsSettingsApplyLast() {
		RouterProperties router = new RouterProperties("r", Path.of("/tmp/r"), 1, Duration.ofMillis(100),
				Duration.ofSeconds(1), Duration.ofHours(1),
				Map.of("security.protocol", "SSL", "num.stream.threads", "2"));

		Properties properties = RouterConfig.streamsProperties(new KafkaSettings("broker:9092", null, null, null, null),
				router, quarantine());

		assertThat(properties).containsEntry("security.protocol", "SSL").containsEntry("num.stream.threads", "2");
	}

	private static QuarantineWriter quarantine() {
		return new QuarantineWriter(Topics.withDefaultPrefix(), "broker:9092", Map.of(), "router-test", (entry) -> {
		});
	}

	private static RouterProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("hookline.router",
				RouterProperties.class);
	}

	private static KafkaSettings kafka(MockEnvironment environment) {
		return org.springframework.boot.context.properties.bind.Binder.get(environment)
			.bindOrCreate("hookline.kafka", KafkaSettings.class);
	}

}
