package dev.hookline.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code topics create} on a real broker. */
@EmbeddedKafka(partitions = 1)
class TopicsCommandTest {

	@Test
	void topicsCreateMakesEveryTopicOnceWithItsPartitionsCompactionAndRetention() throws Exception {
		String brokers = EmbeddedKafkaCondition.getBroker().getBrokersAsString();

		CliRun first = CliRun
			.run("--bootstrap-servers", brokers, "--topic-prefix", "tc.", "topics", "create", "--partitions", "4")
			.succeeded();
		assertThat(first.out()).contains("Created 17 of 17 topics.");
		assertThat(first.out().lines().filter((line) -> line.startsWith("tc."))).hasSize(17)
			.allMatch((line) -> line.endsWith("created"));

		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
			List<String> names = List.of("tc.events", "tc.subscriptions", "tc.deliveries", "tc.deliveries.dlq",
					"tc.deliveries.dlq.replayed", "tc.deliveries.retry.12h");
			Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
			assertThat(topics.get("tc.deliveries").partitions()).hasSize(4);
			assertThat(topics.get("tc.deliveries.dlq").partitions()).hasSize(4);
			assertThat(topics.get("tc.deliveries.retry.12h").partitions()).hasSize(4);
			assertThat(topics.get("tc.subscriptions").partitions()).hasSize(3);
			assertThat(config(admin, "tc.subscriptions").get("cleanup.policy").value()).isEqualTo("compact");
			assertThat(config(admin, "tc.deliveries.dlq.replayed").get("cleanup.policy").value()).isEqualTo("compact");
			assertThat(config(admin, "tc.deliveries.dlq").get("cleanup.policy").value()).isEqualTo("delete");
			assertThat(config(admin, "tc.deliveries.dlq").get("retention.ms").value())
				.isEqualTo(String.valueOf(Duration.ofDays(90).toMillis()));
		}
		assertThat(first.out()).containsPattern("tc\\.deliveries\\.dlq\\s+4\\s+1\\s+delete\\s+90d\\s+created");

		CliRun second = CliRun
			.run("--bootstrap-servers", brokers, "--topic-prefix", "tc.", "topics", "create", "--partitions", "4")
			.succeeded();
		assertThat(second.out()).contains("All 17 topics exist; nothing was created.")
			.doesNotContain("created\n")
			.containsPattern("tc\\.subscriptions\\s+3\\s+1\\s+compact\\s+-\\s+exists");

		JsonNode json = JsonMapper.builder()
			.build()
			.readTree(CliRun.run("--bootstrap-servers", brokers, "--topic-prefix", "tc.", "topics", "create", "--json")
				.succeeded()
				.out());
		assertThat(json.path("created").asInt()).isZero();
		assertThat(json.path("topics").valueStream().map((t) -> t.path("status").asString())).hasSize(17)
			.containsOnly("exists");
	}

	private static Config config(Admin admin, String topic) throws Exception {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
		return admin.describeConfigs(List.of(resource)).all().get().get(resource);
	}

}
