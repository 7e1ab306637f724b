package dev.hookline.bench.refs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Delivers a backlog through a Kafka 4.2 share group (KIP-932): share consumers in
 * explicit acknowledgement mode POST each record through the worker's HTTP client and
 * acknowledge it when the answer comes back: {@code ACCEPT} on 2xx, {@code RELEASE} on a
 * failure (redelivered at once, to any consumer) and {@code REJECT} on the last attempt
 * the broker allows.
 *
 * <p>
 * A share consumer must acknowledge every record of a poll before it may poll again (see
 * {@link ShareConsumerLoop}), so one consumer never has more than one batch in flight and
 * each batch lasts as long as its slowest request. More consumers in the group (share
 * groups allow more consumers than partitions), each on its own thread with an equal part
 * of {@code maxInFlight}, overlap their batches' tails; measured on 2 cores they did not
 * deliver more than one consumer with the whole cap, so one is the default.
 *
 * <p>
 * The bodies are produced to a fresh topic before the consumers start; the group starts
 * from the earliest offset (group config {@code share.auto.offset.reset}). The broker
 * must have share groups enabled (feature {@code share.version=1}, the default of a Kafka
 * 4.2 cluster formatted at the latest production metadata version).
 */
public final class ShareGroupReference {

	/** Consumers per run unless told otherwise. */
	public static final int DEFAULT_CONSUMERS = 1;

	private final String bootstrapServers;

	private final int partitions;

	private final int maxInFlight;

	private final int consumers;

	public ShareGroupReference(String bootstrapServers, int partitions, int maxInFlight) {
		this(bootstrapServers, partitions, maxInFlight, DEFAULT_CONSUMERS);
	}

	/**
	 * @param consumers share consumers in the group, each with its own thread and an
	 * equal part of {@code maxInFlight}
	 */
	public ShareGroupReference(String bootstrapServers, int partitions, int maxInFlight, int consumers) {
		if (consumers < 1 || consumers > maxInFlight) {
			throw new IllegalArgumentException("consumers must be between 1 and maxInFlight");
		}
		this.bootstrapServers = bootstrapServers;
		this.partitions = partitions;
		this.maxInFlight = maxInFlight;
		this.consumers = consumers;
	}

	/**
	 * Produces the bodies to a fresh topic, then delivers each to the URL through the
	 * share group.
	 * @throws IllegalStateException when not every body is settled within
	 * {@code timeout}, or a consumer fails
	 */
	public ConsumptionResult run(List<byte[]> bodies, String url, Duration timeout) throws InterruptedException {
		String topic = DeliveryBacklog.produce(this.bootstrapServers, "bench.sg.", this.partitions, bodies);
		startFromEarliest(topic);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		List<Thread> threads = new ArrayList<>();
		try (DeliveryPoster poster = new DeliveryPoster(url, "msg_sg_")) {
			DeliveryTally tally = new DeliveryTally(bodies.size());
			long deadline = System.nanoTime() + timeout.toNanos();
			for (int i = 0; i < this.consumers; i++) {
				int cap = this.maxInFlight / this.consumers + ((i < this.maxInFlight % this.consumers) ? 1 : 0);
				Thread thread = new Thread(
						new ShareConsumerLoop(consumerConfig(topic, cap), topic, cap, poster, tally, deadline),
						"share-consumer-" + i);
				thread.setUncaughtExceptionHandler((t, ex) -> failure.compareAndSet(null, ex));
				thread.start();
				threads.add(thread);
			}
			for (Thread thread : threads) {
				thread.join();
			}
			if (failure.get() != null) {
				throw new IllegalStateException("a share consumer failed", failure.get());
			}
			if (!tally.done()) {
				throw new IllegalStateException(
						"the share group settled " + tally.settled() + " of " + bodies.size() + " within " + timeout);
			}
			return tally.result();
		}
	}

	/** Records produced before the group existed are delivered too. */
	private void startFromEarliest(String group) throws InterruptedException {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers))) {
			ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
			AlterConfigOp earliest = new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
					AlterConfigOp.OpType.SET);
			admin.incrementalAlterConfigs(Map.of(resource, List.of(earliest))).all().get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("cannot configure share group " + group, ex.getCause());
		}
	}

	private Map<String, Object> consumerConfig(String group, int cap) {
		// batch_optimized acquisition (the default) may return more than
		// max.poll.records;
		// the loop holds the surplus back, so the cap still holds
		return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
				group, ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit",
				ConsumerConfig.MAX_POLL_RECORDS_CONFIG, cap);
	}

}
