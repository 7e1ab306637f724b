package dev.hookline.schemas;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates whichever of Hookline's topics are missing. Existing topics are left as they
 * are, so it is safe to run at every start of every service.
 */
public final class TopicProvisioner {

	private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

	private TopicProvisioner() {
	}

	/**
	 * @return the names of the topics this call created
	 * @throws IllegalStateException if the cluster cannot be reached within 30 seconds
	 */
	public static List<String> createMissing(KafkaSettings settings) {
		List<NewTopic> wanted = settings.topics().definitions(settings.partitions(), settings.replicationFactor());
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
			Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
			List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
			if (missing.isEmpty()) {
				return List.of();
			}
			try {
				admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
					throw ex;
				}
				// another service created it at the same moment
			}
			List<String> names = missing.stream().map(NewTopic::name).toList();
			log.info("created topics {}", names);
			return names;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while creating topics", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("cannot create topics on " + settings.bootstrapServers(), ex);
		}
	}

}
