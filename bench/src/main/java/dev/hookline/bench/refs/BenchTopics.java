package dev.hookline.bench.refs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import dev.hookline.schemas.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Fresh topics for one reference run. */
final class BenchTopics {

	private BenchTopics() {
	}

	/**
	 * Creates the topic, with one replica, and waits until every partition has a leader
	 * that serves it ({@link TopicProvisioner#awaitLeaders}); fails when the broker
	 * refuses or a partition has no leader after 30 seconds.
	 */
	static void create(String bootstrapServers, String topic, int partitions) throws InterruptedException {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
			TopicProvisioner.awaitLeaders(admin, List.of(topic), Duration.ofSeconds(30));
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("cannot create " + topic, ex.getCause());
		}
	}

}
