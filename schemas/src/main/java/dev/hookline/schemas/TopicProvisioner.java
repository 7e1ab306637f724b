package dev.hookline.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates whichever of Hookline's topics are missing and waits until they are usable.
 * Existing topics are left as they are, so it is safe to run at every start of every
 * service; what differs on them from what Hookline would create is logged.
 *
 * <h2>Replication</h2> Unless {@code hookline.kafka.replication-factor} says otherwise,
 * topics get 3 replicas on a cluster of three brokers or more, else one per broker, and
 * {@code min.insync.replicas} of one fewer, at most 2 ({@link Topics#minInsyncReplicas}).
 * A replication factor of 1 is logged as a warning outside the local mode: one broker's
 * loss loses every event, subscription and delivery. Existing topics with fewer replicas
 * or a lower {@code min.insync.replicas} than that are logged as warnings naming the fix,
 * never changed: reassigning replicas is the cluster operator's call.
 */
public final class TopicProvisioner {

	private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final long POLL_MILLIS = 50;

	private TopicProvisioner() {
	}

	/**
	 * {@link #createMissing(KafkaSettings, boolean)} outside the local mode.
	 */
	public static List<String> createMissing(KafkaSettings settings) {
		return createMissing(settings, false);
	}

	/**
	 * Creates the missing topics, then waits until every partition of each has a leader
	 * that serves it (see {@link #awaitLeaders}), then publishes this release's schemas
	 * ({@link PublishedSchemas#publish}): every service calls this before it writes a
	 * record.
	 * @param localMode the embedded local mode, on one broker: a single replica is no
	 * warning there
	 * @return the names of the topics this call created
	 * @throws IllegalStateException if the cluster cannot be reached within 30 seconds,
	 * the replication factor asked for is above its broker count, or a created topic
	 * still has a partition without a serving leader 30 seconds later
	 */
	public static List<String> createMissing(KafkaSettings settings, boolean localMode) {
		List<String> created = createMissingTopics(settings, localMode);
		PublishedSchemas.publish(settings.topics(), settings.bootstrapServers(), settings.client("hookline-schemas"));
		return created;
	}

	/**
	 * The replication factor of Hookline's topics on a cluster of {@code brokers}: the
	 * one configured, or 3, or fewer on a smaller cluster.
	 * @throws IllegalStateException if the one configured is above the broker count:
	 * Kafka could create no topic
	 */
	public static short replicationFactor(@Nullable Short configured, int brokers) {
		if (configured == null) {
			return (short) Math.max(1, Math.min(3, brokers));
		}
		if (configured > brokers) {
			throw new IllegalStateException("hookline.kafka.replication-factor is " + configured
					+ ", but the cluster has " + brokers + " broker" + ((brokers == 1) ? "" : "s"));
		}
		return configured;
	}

	/** {@link #replicationFactor(Short, int)} on the cluster the admin client reaches. */
	public static short replicationFactor(KafkaSettings settings, Admin admin)
			throws ExecutionException, InterruptedException, TimeoutException {
		int brokers = admin.describeCluster().nodes().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).size();
		return replicationFactor(settings.replicationFactor(), brokers);
	}

	/**
	 * The replicas of Hookline's topics on this cluster, for a Kafka Streams
	 * application's internal topics to have as many.
	 * @param clientId the id of the short-lived admin client that asks
	 * @throws IllegalStateException when the cluster does not answer
	 */
	public static short replicationFactor(KafkaSettings settings, String clientId) {
		try (Admin admin = settings.admin(clientId, TIMEOUT)) {
			return replicationFactor(settings, admin);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while describing the cluster", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("cannot describe the cluster at " + settings.bootstrapServers(), ex);
		}
	}

	private static List<String> createMissingTopics(KafkaSettings settings, boolean localMode) {
		try (Admin admin = settings.admin("hookline-admin", TIMEOUT)) {
			short replicas = replicationFactor(settings, admin);
			if (replicas == 1 && !localMode) {
				log.warn(SINGLE_REPLICA);
			}
			List<NewTopic> wanted = settings.topics().definitions(settings.partitions(), replicas);
			Set<String> existing = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			differences(admin, wanted.stream().filter(t -> existing.contains(t.name())).toList()).forEach(log::warn);
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
			log.info("created topics {} with {} replicas", names, replicas);
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

	/** The warning for topics of a single replica outside the local mode. */
	static final String SINGLE_REPLICA = "Hookline's topics have 1 replica: losing that broker loses every event, "
			+ "subscription and delivery. Fine on a laptop; in production run three brokers or more (Hookline then "
			+ "creates 3 replicas with min.insync.replicas=2), or set hookline.kafka.replication-factor.";

	/**
	 * What the existing topics lack of their definitions: fewer replicas, or a lower
	 * {@code min.insync.replicas}, each with the command that fixes it.
	 */
	static List<String> differences(Admin admin, List<NewTopic> wanted)
			throws ExecutionException, InterruptedException, TimeoutException {
		if (wanted.isEmpty()) {
			return List.of();
		}
		List<String> names = wanted.stream().map(NewTopic::name).toList();
		Map<String, TopicDescription> described = admin.describeTopics(names)
			.allTopicNames()
			.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		List<ConfigResource> resources = names.stream()
			.map((name) -> new ConfigResource(ConfigResource.Type.TOPIC, name))
			.toList();
		Map<ConfigResource, Config> configs;
		try {
			configs = admin.describeConfigs(resources).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicAuthorizationException)) {
				throw ex;
			}
			// reading topic configurations takes DESCRIBE_CONFIGS, which the services
			// need
			// for nothing else
			log.info("min.insync.replicas of the existing topics not checked: DESCRIBE_CONFIGS on them is not granted");
			configs = Map.of();
		}
		List<String> differences = new ArrayList<>();
		for (NewTopic topic : wanted) {
			int replicas = described.get(topic.name()).partitions().get(0).replicas().size();
			if (replicas < topic.replicationFactor()) {
				differences.add("topic " + topic.name() + " has " + replicas + " replica" + ((replicas == 1) ? "" : "s")
						+ ", fewer than the " + topic.replicationFactor() + " Hookline creates topics with on this "
						+ "cluster: a broker's loss can lose its records (add replicas with kafka-reassign-partitions.sh)");
			}
			Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
			ConfigEntry minInsync = (config != null) ? config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG) : null;
			int wantedMinInsync = Topics.minInsyncReplicas((short) Math.min(replicas, topic.replicationFactor()));
			if (minInsync != null && Integer.parseInt(minInsync.value()) < wantedMinInsync) {
				differences.add("topic " + topic.name() + " has min.insync.replicas=" + minInsync.value() + " with "
						+ replicas + " replicas: an acknowledged write may be on one broker only (kafka-configs.sh "
						+ "--alter --entity-type topics --entity-name " + topic.name() + " --add-config "
						+ "min.insync.replicas=" + wantedMinInsync + ")");
			}
		}
		return differences;
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
