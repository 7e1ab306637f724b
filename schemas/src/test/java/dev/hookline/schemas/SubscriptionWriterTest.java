package dev.hookline.schemas;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers of subscriptions on three "instances" (each its own view and producers) on a
 * real broker: every change is decided on the latest record, one writer at a time.
 */
@EmbeddedKafka(partitions = 1)
class SubscriptionWriterTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<AutoCloseable> opened = new ArrayList<>();

	private Topics topics;

	private String bootstrap;

	@BeforeEach
	void provision() {
		EmbeddedKafkaBroker broker = EmbeddedKafkaCondition.getBroker();
		this.bootstrap = broker.getBrokersAsString();
		String prefix = "w" + System.nanoTime() + ".";
		KafkaSettings settings = new KafkaSettings(this.bootstrap, prefix, 2, (short) 1, null);
		TopicProvisioner.createMissing(settings);
		this.topics = settings.topics();
	}

	@AfterEach
	void close() throws Exception {
		for (int i = this.opened.size() - 1; i >= 0; i--) {
			this.opened.get(i).close();
		}
	}

	@Test
	void concurrentChangesOnSeveralInstancesAreAppliedOneAfterTheOtherAndNoneIsLost() throws Exception {
		List<SubscriptionWriter> writers = List.of(writer(), writer(), writer());
		writers.get(0).change("sub_1", (latest) -> SubscriptionWriter.Plan.write(true, subscription(1, "0")));

		int perWriter = 8;
		AtomicInteger confirmed = new AtomicInteger();
		AtomicInteger unknown = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(writers.size() * 2);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (SubscriptionWriter writer : writers) {
				// two threads per instance: within one and across them
				for (int thread = 0; thread < 2; thread++) {
					running.add(threads.submit(() -> {
						for (int i = 0; i < perWriter / 2; i++) {
							try {
								writer.change("sub_1", SubscriptionWriterTest::increment);
								confirmed.incrementAndGet();
							}
							catch (KafkaException ex) {
								// Kafka did not say whether it committed (seen under this
								// much fencing: an internal error of the coordinator)
								unknown.incrementAndGet();
							}
						}
						return null;
					}));
				}
			}
			for (Future<?> done : running) {
				done.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			threads.shutdownNow();
		}

		List<Subscription> history = committed("sub_1");
		for (int i = 0; i < history.size(); i++) {
			// each record is the one before it plus one: no change was decided on a stale
			// record, and no version was written twice
			assertThat(history.get(i).getVersion()).as("version of record %d", i).isEqualTo(i + 1);
			assertThat(history.get(i).getDescription()).as("count in record %d", i).isEqualTo(String.valueOf(i));
		}
		int applied = history.size() - 1;
		assertThat(applied).as("every confirmed increment kept")
			.isBetween(confirmed.get(), confirmed.get() + unknown.get());
		assertThat(confirmed.get()).isPositive();
		// read where the lease has moved since this writer last held it
		Subscription read = writers.get(1).change("sub_1", (latest) -> SubscriptionWriter.Plan.keep(latest.get()));
		assertThat(read.getDescription()).as("the latest count, not a stale one").isEqualTo(String.valueOf(applied));
	}

	@Test
	void aDecisionTakenBeforeAnotherWriterChangedTheRecordIsTakenAgainOnTheNewerOne() throws Exception {
		SubscriptionWriter first = writer();
		SubscriptionWriter second = writer();
		first.change("sub_1", (latest) -> SubscriptionWriter.Plan.write(true, subscription(1, "0")));
		List<Long> seen = new CopyOnWriteArrayList<>();
		CountDownLatch deciding = new CountDownLatch(1);
		CountDownLatch changedElsewhere = new CountDownLatch(1);

		CompletableFuture<Subscription> slow = CompletableFuture.supplyAsync(() -> first.change("sub_1", (latest) -> {
			seen.add(latest.get().getVersion());
			if (seen.size() == 1) {
				deciding.countDown();
				await(changedElsewhere);
			}
			return increment(latest);
		}));
		assertThat(deciding.await(30, TimeUnit.SECONDS)).isTrue();
		// an admin's change on another instance while the first writer decides
		second.change("sub_1", SubscriptionWriterTest::increment);
		changedElsewhere.countDown();

		Subscription written = slow.get(1, TimeUnit.MINUTES);
		assertThat(seen).as("decided again on the newer record").containsExactly(1L, 2L);
		assertThat(written.getVersion()).isEqualTo(3);
		assertThat(written.getDescription()).isEqualTo("2");
		assertThat(committedVersions("sub_1")).containsExactly(1L, 2L, 3L);
	}

	@Test
	void aDeletedSubscriptionIsNotWrittenAgainByAChangeThatFindsItGone() {
		SubscriptionWriter first = writer();
		SubscriptionWriter second = writer();
		first.change("sub_1", (latest) -> SubscriptionWriter.Plan.write(true, subscription(1, "0")));
		second.change("sub_1", (latest) -> SubscriptionWriter.Plan.write(true, null));

		boolean written = first.change("sub_1",
				(latest) -> latest.isPresent() ? SubscriptionWriter.Plan.write(true, increment(latest).result())
						: SubscriptionWriter.Plan.keep(false));

		assertThat(written).isFalse();
		assertThat(committedVersions("sub_1")).containsExactly(1L, null);
	}

	/** Adds one to the counter in the description. */
	private static SubscriptionWriter.Plan<Subscription> increment(Optional<Subscription> latest) {
		Subscription current = latest.orElseThrow();
		Subscription next = Subscription.newBuilder(current)
			.setDescription(String.valueOf(Integer.parseInt(current.getDescription()) + 1))
			.setVersion(current.getVersion() + 1)
			.build();
		return SubscriptionWriter.Plan.write(next, next);
	}

	private SubscriptionWriter writer() {
		TableView<String, Subscription> view = new TableView<>(this.topics.subscriptions(), this.bootstrap, Map.of());
		this.opened.add(view);
		view.start().join();
		SubscriptionWriter writer = new SubscriptionWriter(this.topics, view, this.bootstrap,
				Map.of("client.id", "writer-" + this.opened.size()), TIMEOUT);
		this.opened.add(writer);
		return writer;
	}

	/**
	 * The versions of the key's committed records in the order of the log; null deletes.
	 */
	private List<Long> committedVersions(String key) {
		return committed(key).stream().map((value) -> (value != null) ? value.getVersion() : null).toList();
	}

	/** The key's committed records in the order of the log; null for a tombstone. */
	private List<Subscription> committed(String key) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap,
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		List<Subscription> values = new ArrayList<>();
		String name = this.topics.subscriptions().name();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(name)
				.stream()
				.map((info) -> new TopicPartition(name, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < ends.get(partition))) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					String read = this.topics.subscriptions().keySerde().deserializer().deserialize(name, record.key());
					if (key.equals(read)) {
						values.add(this.topics.subscriptions()
							.valueSerde()
							.deserializer()
							.deserialize(name, record.value()));
					}
				}
			}
		}
		return values;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Subscription subscription(long version, String description) {
		Instant now = Instant.parse("2026-12-05T12:00:00Z");
		return Subscription.newBuilder()
			.setId("sub_1")
			.setTenant("acme")
			.setUrl("https://example.com/hook")
			.setSecret(ByteBuffer.wrap(new byte[] { 1 }))
			.setEventTypes(List.of("*"))
			.setDescription(description)
			.setVersion(version)
			.setCreatedAt(now)
			.setUpdatedAt(now)
			.build();
	}

}
