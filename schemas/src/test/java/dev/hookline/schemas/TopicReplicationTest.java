package dev.hookline.schemas;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Replication chosen from the cluster's size, and existing topics that have less of it
 * told apart. On one broker: three brokers in one JVM do not hold together on these
 * machines (their controller keeps losing its quorum under the load of the rest).
 */
@EmbeddedKafka(partitions = 1, brokerProperties = { "transaction.state.log.replication.factor=1",
		"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0" })
class TopicReplicationTest {

	@Test
	void theReplicationFactorFollowsTheClusterUnlessConfigured() {
		assertThat(TopicProvisioner.replicationFactor(null, 1)).isEqualTo((short) 1);
		assertThat(TopicProvisioner.replicationFactor(null, 2)).isEqualTo((short) 2);
		assertThat(TopicProvisioner.replicationFactor(null, 3)).isEqualTo((short) 3);
		assertThat(TopicProvisioner.replicationFactor(null, 7)).isEqualTo((short) 3);
		assertThat(TopicProvisioner.replicationFactor((short) 2, 7)).isEqualTo((short) 2);
		assertThatIllegalStateException().isThrownBy(() -> TopicProvisioner.replicationFactor((short) 4, 3))
			.withMessage("hookline.kafka.replication-factor is 4, but the cluster has 3 brokers");
		assertThat(List.of(1, 2, 3, 5)).map((replicas) -> Topics.minInsyncReplicas(replicas.shortValue()))
			.containsExactly(1, 1, 2, 2);
	}

	@Test
	void topicsAreDefinedWithOneFewerInSyncThanReplicasAtMostTwo() {
		Topics topics = new Topics("defined.");

		assertThat(topics.definitions(2, (short) 3))
			.allSatisfy((topic) -> assertThat(topic.replicationFactor()).isEqualTo((short) 3))
			.allSatisfy(
					(topic) -> assertThat(topic.configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2"));
		assertThat(topics.definitions(2, (short) 1)).allSatisfy(
				(topic) -> assertThat(topic.configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1"));
	}

	@Test
	void onOneBrokerTopicsGetOneReplicaAndMoreIsRefusedNamingTheSetting() throws Exception {
		KafkaSettings auto = new KafkaSettings(brokers(), "single.", 2, null, null);

		List<String> created = TopicProvisioner.createMissing(auto);

		try (Admin admin = admin()) {
			assertThat(admin.describeTopics(created).allTopicNames().get(30, TimeUnit.SECONDS).values())
				.allSatisfy((topic) -> assertThat(topic.partitions())
					.allSatisfy((partition) -> assertThat(partition.replicas()).hasSize(1)));
			assertThat(TopicProvisioner.differences(admin, auto.topics().definitions(2, (short) 1))).isEmpty();
		}
		KafkaSettings three = new KafkaSettings(brokers(), "three.", 2, (short) 3, null);
		assertThatIllegalStateException().isThrownBy(() -> TopicProvisioner.createMissing(three))
			.withMessageContaining("hookline.kafka.replication-factor is 3, but the cluster has 1 broker");
	}

	@Test
	void existingTopicsWithFewerReplicasThanWantedAreToldApartWithTheirFix() throws Exception {
		KafkaSettings settings = new KafkaSettings(brokers(), "legacy.", 2, null, null);
		String events = settings.topics().events().name();
		try (Admin admin = admin()) {
			admin.createTopics(List.of(new NewTopic(events, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
			List<NewTopic> wanted = settings.topics()
				.definitions(2, (short) 3)
				.stream()
				.filter((topic) -> topic.name().equals(events))
				.toList();

			// as on a cluster grown to three brokers since the topic was made
			assertThat(TopicProvisioner.differences(admin, wanted)).containsExactly("topic " + events
					+ " has 1 replica, fewer than the 3 Hookline creates topics with on this cluster: a broker's loss "
					+ "can lose its records (add replicas with kafka-reassign-partitions.sh)");
		}
	}

	private static Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers()));
	}

	private static String brokers() {
		return EmbeddedKafkaCondition.getBroker().getBrokersAsString();
	}

}
