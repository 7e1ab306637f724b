package dev.hookline.worker.outcome;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.hookline.schemas.EndpointHealth;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.Quarantines;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.SubscriptionWriter;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Topics;
import dev.hookline.worker.MetricsSettings;
import dev.hookline.worker.WorkerSettings;
import dev.hookline.worker.retry.RetrySchedule;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker's transactional producer ({@code acks=all}, idempotent) for attempts, retry
 * tiers, the dead-letter topic, disabled subscriptions, endpoint health, quarantine
 * entries and operational events, with the offsets of the deliveries they follow
 * ({@link OutcomeTransactions}), the next-step component and the quarantine of delivery
 * records.
 */
@Configuration(proxyBeanMethods = false)
class OutcomeConfiguration {

	/**
	 * Makes the transactional producer of the outcome transactions; a bean of its own so
	 * that a replaced (fenced) producer is made the same way.
	 */
	@Bean
	Supplier<Producer<String, byte[]>> outcomeProducers(KafkaSettings kafka, Topics topics, WorkerSettings settings,
			MeterRegistry registry) {
		String transactionalId = settings.groupId() + "-"
				+ (settings.instanceId().isEmpty() ? UUID.randomUUID().toString() : settings.instanceId());
		// linger 20 ms, not 5: nothing waits on these writes but the commit of the
		// transaction (the endpoint already has its request, and a hand-off carries its
		// own due time), and fuller batches are fewer produce requests for the broker
		// (--only s3, same machine: S1 7,719 deliveries/s and S3 1,112 events/s at 20 ms,
		// 6,303 and 1,073 at 5 ms)
		Map<String, Object> config = kafka.client("hookline-worker-outcomes");
		config.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
				ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
				ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) settings.transactionTimeout().toMillis(),
				ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_REQUEST_BYTES));
		AtomicReference<KafkaClientMetrics> metrics = new AtomicReference<>();
		return () -> {
			KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
					new ByteArraySerializer());
			KafkaClientMetrics bound = new KafkaClientMetrics(producer);
			bound.bindTo(registry);
			KafkaClientMetrics replaced = metrics.getAndSet(bound);
			if (replaced != null) {
				replaced.close();
			}
			// no send ever waits for a topic's metadata
			for (String topic : outcomeTopics(topics)) {
				producer.partitionsFor(topic);
			}
			return producer;
		};
	}

	@Bean(destroyMethod = "close")
	OutcomeTransactions outcomeTransactions(Supplier<Producer<String, byte[]>> outcomeProducers,
			WorkerSettings settings, MeterRegistry registry) {
		OutcomeTransactions transactions = new OutcomeTransactions(outcomeProducers, settings.commitInterval(),
				settings.transactionTimeout().dividedBy(2));
		FunctionCounter
			.builder("hookline.worker.transactions", transactions, OutcomeTransactions::committedTransactions)
			.description("Outcome transactions committed")
			.tag("outcome", "committed")
			.register(registry);
		FunctionCounter.builder("hookline.worker.transactions", transactions, OutcomeTransactions::abortedTransactions)
			.description("Outcome transactions aborted: their partitions were read again")
			.tag("outcome", "aborted")
			.register(registry);
		FunctionCounter.builder("hookline.worker.transactions", transactions, OutcomeTransactions::retriedTransactions)
			.description("Outcome transactions refused for an old group generation (a rebalance): their records "
					+ "were sent again in a later transaction")
			.tag("outcome", "retried")
			.register(registry);
		return transactions;
	}

	private static List<String> outcomeTopics(Topics topics) {
		List<String> names = new ArrayList<>(List.of(topics.attempts().name(), topics.deadLetters().name(),
				topics.events().name(), topics.endpointHealth().name(), topics.quarantine().name()));
		topics.retryTiers().forEach((tier) -> names.add(tier.topic().name()));
		return names;
	}

	@Bean
	Quarantine quarantine(OutcomeTransactions transactions, Topics topics, MeterRegistry registry) {
		return new Quarantine(new TopicWriter(transactions), topics, registry,
				Quarantines.reader(WorkerSettings.SERVICE), Clock.systemUTC());
	}

	/**
	 * Where the worker disables subscriptions: the writer every service changes
	 * subscriptions through, one lease per partition shared with them all.
	 */
	@Bean(destroyMethod = "close")
	SubscriptionWriter subscriptionWriter(KafkaSettings kafka, Topics topics,
			TableView<String, Subscription> subscriptionView, WorkerSettings settings) {
		return new SubscriptionWriter(topics, subscriptionView, kafka.bootstrapServers(),
				kafka.client("hookline-worker-subscriptions"), settings.subscriptionSyncTimeout());
	}

	/** The opt-in per-subscription gauges; nothing at all unless asked for. */
	@Bean(destroyMethod = "close")
	TopSubscriptions topSubscriptions(MetricsSettings settings, MeterRegistry registry) {
		return new TopSubscriptions(registry, settings.topSubscriptions(), settings.topWindow());
	}

	@Bean
	NextStep nextStep(OutcomeTransactions transactions, Topics topics, RetrySchedule schedule,
			TableView<String, Subscription> subscriptionView, SubscriptionWriter subscriptionWriter,
			TableView<String, EndpointHealth> healthView, WorkerSettings settings, MeterRegistry registry,
			TopSubscriptions topSubscriptions) {
		TopicWriter writer = new TopicWriter(transactions);
		Clock clock = Clock.systemUTC();
		OperationalEventWriter events = new OperationalEventWriter(writer, topics, clock);
		SubscriptionDisabler disabler = new SubscriptionDisabler(subscriptionView, subscriptionWriter, events, clock);
		FailingEndpoints failing = new FailingEndpoints(settings.autoDisableAfter(), healthView,
				topics.endpointHealth(), writer);
		return new NextStep(writer, topics, schedule, failing, disabler,
				new DeliveryMetrics(registry, topSubscriptions), events, settings.autoDisableAfter(), clock);
	}

}
