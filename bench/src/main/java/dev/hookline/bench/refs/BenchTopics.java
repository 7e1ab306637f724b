package dev.hookline.bench.refs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Fresh topics for one reference run. */
final class BenchTopics {

	private BenchTopics() {
	}

	/** Creates the topic, with one replica; fails when the broker refuses. */
	static void create(String bootstrapServers, String topic, int partitions) throws InterruptedException {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("cannot create " + topic, ex.getCause());
		}
	}

}
