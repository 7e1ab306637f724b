package dev.hookline.schemas;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates whichever of Hookline's topics are missing and waits until they are usable.
 * Existing topics are left as they are, so it is safe to run at every start of every
 * service.
 */
public final class TopicProvisioner {

	private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final long POLL_MILLIS = 50;

	private TopicProvisioner() {
	}

	/**
	 * Creates the missing topics, then waits until every partition of each has a leader
	 * that serves it (see {@link #awaitLeaders}), then publishes this release's schemas
	 * ({@link PublishedSchemas#publish}): every service calls this before it writes a
	 * record.
	 * @return the names of the topics this call created
	 * @throws IllegalStateException if the cluster cannot be reached within 30 seconds,
	 * or a created topic still has a partition without a serving leader 30 seconds later
	 */
	public static List<String> createMissing(KafkaSettings settings) {
		List<String> created = createMissingTopics(settings);
		PublishedSchemas.publish(settings.topics(), settings.bootstrapServers(), settings.client("hookline-schemas"));
		return created;
	}

	private static List<String> createMissingTopics(KafkaSettings settings) {
		List<NewTopic> wanted = settings.topics().definitions(settings.partitions(), settings.replicationFactor());
		Map<String, Object> config = settings.client("hookline-admin");
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		try (Admin admin = Admin.create(config)) {
			Set<String> existing = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
			if (missing.isEmpty()) {
				return List.of();
			}
			try {
				admin.createTopics(missing).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof TopicExistsException)) {
					throw ex;
				}
				// another service created it at the same moment
			}
			List<String> names = missing.stream().map(NewTopic::name).toList();
			awaitLeaders(admin, names, TIMEOUT);
			log.info("created topics {}", names);
			return names;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while creating topics", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof AuthenticationException refused) {
				// one line that says what to fix, before any other client tries
				throw new IllegalStateException("Kafka at " + settings.bootstrapServers()
						+ " refused to authenticate Hookline (check hookline.kafka.properties.*: security.protocol, "
						+ "sasl.*, ssl.*): " + refused.getMessage(), refused);
			}
			throw new IllegalStateException("cannot create topics on " + settings.bootstrapServers(), ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("cannot create topics on " + settings.bootstrapServers(), ex);
		}
	}

	/**
	 * Waits until every partition of the topics answers a request for its latest offset,
	 * which only a leader that has taken the partition up does; a new topic's metadata
	 * names a leader a little earlier. Writing before that can break an idempotent
	 * producer: when its first batches meet {@code NOT_LEADER_OR_FOLLOWER} it may retry
	 * {@code OUT_OF_ORDER_SEQUENCE} until its delivery timeout (KAFKA-15591). Call it
	 * after creating topics other than Hookline's; {@link #createMissing} calls it for
	 * the topics it creates.
	 * @param admin a client of the cluster that holds the topics
	 * @param topics the names of the topics, created or being created
	 * @param timeout how long to wait at the most
	 * @throws IllegalStateException naming the topics if a partition has no serving
	 * leader within the timeout, or the broker refuses the requests for a reason other
	 * than a passing one; also if the thread is interrupted (its interrupt flag is set
	 * again)
	 */
	public static void awaitLeaders(Admin admin, Collection<String> topics, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			while (!led(admin, topics, deadline)) {
				if (System.nanoTime() - deadline >= 0) {
					throw new IllegalStateException(
							"topics " + topics + " have partitions without a leader after " + timeout);
				}
				Thread.sleep(POLL_MILLIS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for the leaders of topics " + topics, ex);
		}
	}

	/** Whether every partition of the topics has a leader that answers for it. */
	private static boolean led(Admin admin, Collection<String> topics, long deadline) throws InterruptedException {
		try {
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (TopicDescription topic : get(admin.describeTopics(topics).allTopicNames(), deadline).values()) {
				for (TopicPartitionInfo partition : topic.partitions()) {
					if (partition.leader() == null || partition.leader().isEmpty()) {
						return false;
					}
					latest.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest());
				}
			}
			get(admin.listOffsets(latest).all(), deadline);
			return true;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RetriableException) {
				// not known or not led yet
				return false;
			}
			throw new IllegalStateException("cannot read the partitions of topics " + topics, ex.getCause());
		}
		catch (TimeoutException ex) {
			return false;
		}
	}

	private static <T> T get(KafkaFuture<T> future, long deadline)
			throws InterruptedException, ExecutionException, TimeoutException {
		return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
	}

}
