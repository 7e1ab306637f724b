package dev.hookline.worker.intake;

import java.util.List;
import java.util.Map;

import dev.hookline.schemas.KafkaSettings;
import dev.hookline.worker.WorkerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ConsumerMembershipTest {

	@Test
	void byDefaultAWorkerIsADynamicMemberThatHoldsFiveThousandDeliveriesInFlight() {
		WorkerSettings settings = bind(Map.of());
		Map<String, Object> consumer = consumerConfig(settings);

		assertThat(settings.maxInFlight()).isEqualTo(5000);
		assertThat(consumer).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
			.containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 45_000);
	}

	@Test
	void anInstanceIdMakesTheWorkerAStaticMemberWithItsSessionTimeout() {
		Map<String, Object> consumer = consumerConfig(
				bind(Map.of("hookline.worker.instance-id", "worker-3", "hookline.worker.session-timeout", "10s")));

		assertThat(consumer).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "worker-3")
			.containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
	}

	@Test
	void theGroupIsAssignedCoPartitionedWithCooperativeStickyOnlyForMembersOfAnOlderRelease() {
		assertThat(consumerConfig(bind(Map.of()))).containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
				List.of(CoPartitionedAssignor.class.getName(), CooperativeStickyAssignor.class.getName()));
	}

	@Test
	void aSessionTimeoutUnderASecondFailsStartUp() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("hookline.worker.session-timeout", "100ms")))
			.havingRootCause()
			.withMessageContaining("hookline.worker.session-timeout must be at least 1s");
	}

	private static Map<String, Object> consumerConfig(WorkerSettings settings) {
		return new IntakeConfiguration()
			.deliveryConsumerFactory(KafkaSettings.defaults(), settings, new SimpleMeterRegistry())
			.getConfigurationProperties();
	}

	private static WorkerSettings bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("hookline.worker",
				WorkerSettings.class);
	}

}
