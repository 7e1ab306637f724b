package dev.hookline.worker.intake;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hookline.schemas.ConsumerLag;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.RetryTier;
import dev.hookline.schemas.Topics;
import dev.hookline.worker.WorkerSettings;
import dev.hookline.worker.delivery.DeliveryProcessor;
import dev.hookline.worker.endpoint.Endpoints;
import dev.hookline.worker.outcome.OutcomeTransactions;
import dev.hookline.worker.outcome.Quarantine;
import dev.hookline.worker.ratelimit.RateLimits;
import dev.hookline.worker.ratelimit.WaitingDeliveries;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * The consumer group on the deliveries topic and the retry tiers: consumer factory,
 * listener container, backpressure and due times (see {@link DeliveryIntake} for how
 * commits and pauses work).
 */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

	/**
	 * How long an idle poll waits, hence how late a queued acknowledgment is committed.
	 */
	private static final long POLL_TIMEOUT_MS = 1000;

	private static final int MAX_POLL_RECORDS = 500;

	@Bean
	ContainerFlowControl flowControl() {
		return new ContainerFlowControl();
	}

	@Bean
	InFlightLimiter inFlightLimiter(WorkerSettings settings, ContainerFlowControl flow, MeterRegistry registry) {
		InFlightLimiter limiter = new InFlightLimiter(settings.maxInFlight(), settings.maxInFlightBytes().toBytes(),
				flow);
		Gauge.builder("hookline.worker.inflight", limiter, InFlightLimiter::inFlight)
			.description("Deliveries received and not yet durably recorded")
			.register(registry);
		Gauge.builder("hookline.worker.inflight.bytes", limiter, InFlightLimiter::bytes)
			.description("Bytes of the records of the deliveries in flight")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder("hookline.worker.inflight.limit", limiter, InFlightLimiter::limit)
			.description("Deliveries in flight at most, max-in-flight or less while the collector takes more than "
					+ "gc-overhead-limit of the time")
			.register(registry);
		return limiter;
	}

	/**
	 * Lowers the in-flight bound while the collector takes more than
	 * {@code gc-overhead-limit} of the time; never started when that is 0.
	 */
	@Bean(destroyMethod = "close")
	GcPressure gcPressure(InFlightLimiter limiter, WorkerSettings settings) {
		GcPressure pressure = new GcPressure(limiter, settings.gcOverheadLimit(), GcPressure::pauseMillis,
				System::nanoTime);
		return (settings.gcOverheadLimit() > 0) ? pressure.start() : pressure;
	}

	@Bean
	PartitionPauses partitionPauses(ContainerFlowControl flow) {
		return new PartitionPauses(flow);
	}

	@Bean
	ParkedPartitions parkedPartitions(PartitionPauses pauses, WorkerSettings settings, MeterRegistry registry) {
		ParkedPartitions parked = new ParkedPartitions(pauses, Clock.systemUTC(), settings.dueLookahead(),
				settings.maxDueWaiting());
		Gauge.builder("hookline.worker.parked", parked, ParkedPartitions::count)
			.description("Partitions paused until their next delivery is due")
			.register(registry);
		Gauge.builder("hookline.worker.due-waiting", parked, ParkedPartitions::waiting)
			.description("Retry-tier deliveries waiting in memory for their due time, a few seconds at most")
			.register(registry);
		return parked;
	}

	@Bean
	ThrottledPartitions throttledPartitions(WaitingDeliveries waiting, Endpoints endpoints, PartitionPauses pauses,
			MeterRegistry registry) {
		ThrottledPartitions throttled = new ThrottledPartitions(List.of(waiting, endpoints.waiting()), pauses);
		Gauge.builder("hookline.worker.throttled", throttled, ThrottledPartitions::count)
			.description("Partitions paused while a subscription has too many deliveries waiting for its rate limit "
					+ "or for a free slot at its endpoint")
			.register(registry);
		return throttled;
	}

	@Bean
	DeliveryIntake deliveryIntake(DeliveryProcessor processor, Topics topics, InFlightLimiter limiter,
			PartitionPauses pauses, ParkedPartitions parked, ThrottledPartitions throttled, WorkerSettings settings,
			OutcomeTransactions transactions, Quarantine quarantine, RateLimits rateLimits) {
		return new DeliveryIntake(processor, topics.deliveries().valueSerde().deserializer(), limiter, pauses, parked,
				throttled, settings.maxUncommittedPerPartition(), settings.drainTimeout(), transactions, quarantine,
				rateLimits);
	}

	/**
	 * {@code hookline.consumer.lag} of the worker's group on the deliveries topic and the
	 * retry tiers.
	 */
	@Bean(destroyMethod = "close")
	ConsumerLag consumerLag(KafkaSettings kafka, Topics topics, WorkerSettings settings, MeterRegistry registry) {
		return new ConsumerLag(kafka, "hookline-worker-lag", settings.groupId(), sources(topics), registry,
				Duration.ofSeconds(15));
	}

	/**
	 * {@code intake} in health, part of liveness: the listener runs and its consumer
	 * polls.
	 */
	@Bean
	IntakeHealthIndicator intakeHealthIndicator(ConcurrentMessageListenerContainer<byte[], byte[]> container,
			ConsumerFactory<byte[], byte[]> consumerFactory) {
		Object interval = consumerFactory.getConfigurationProperties()
			.getOrDefault(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000);
		return new IntakeHealthIndicator(container, Duration.ofMillis(Long.parseLong(interval.toString())));
	}

	/**
	 * Reads the partitions again after an aborted transaction while the container
	 * receives nothing.
	 */
	@Bean
	ApplicationListener<ListenerContainerIdleEvent> rereadWhenIdle(DeliveryIntake intake) {
		return (idle) -> intake.rereadIfRequested(idle.getConsumer());
	}

	@Bean
	ConsumerFactory<byte[], byte[]> deliveryConsumerFactory(KafkaSettings kafka, WorkerSettings settings,
			MeterRegistry registry) {
		Map<String, Object> config = kafka.client("hookline-worker");
		config.putAll(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
				"earliest",
				// the router writes deliveries in transactions: never send an aborted one
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
				Math.min(MAX_POLL_RECORDS, settings.maxInFlight()),
				// partition N of every topic has one owner, and only partitions that move
				// are revoked; the cooperative-sticky assignor is only a fallback for a
				// rolling upgrade from a release that knew no other (a group uses the
				// first
				// assignor all of its members support)
				ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
				List.of(CoPartitionedAssignor.class.getName(), CooperativeStickyAssignor.class.getName()),
				ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis()));
		// A fetch response is read into one buffer of its size, and fetched records wait
		// in the heap until polled, paused partitions' included. At Kafka's 50 MB such a
		// buffer needs that much contiguous heap (G1 humongous regions of 1 MB each in
		// a 256 MB heap): with 16 KB bodies (S4 of the bench) the worker ran out of heap
		// with far less live. 2 MB still brings 1,500 records of 1 KB per fetch.
		config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 2 * 1024 * 1024);
		if (!settings.instanceId().isEmpty()) {
			config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.instanceId());
		}
		// values are decoded by the listener, so that an undecodable record is
		// quarantined there, keys and all, byte for byte, rather than failing the poll
		DefaultKafkaConsumerFactory<byte[], byte[]> factory = new DefaultKafkaConsumerFactory<>(config,
				new ByteArrayDeserializer(), new ByteArrayDeserializer());
		factory.addListener(new MicrometerConsumerListener<>(registry));
		return factory;
	}

	@Bean
	ConcurrentMessageListenerContainer<byte[], byte[]> deliveryListenerContainer(
			ConsumerFactory<byte[], byte[]> consumerFactory, Topics topics, DeliveryIntake intake,
			ContainerFlowControl flow, WorkerSettings settings) {
		ContainerProperties properties = new ContainerProperties(sources(topics).toArray(String[]::new));
		properties.setGroupId(settings.groupId());
		properties.setAckMode(ContainerProperties.AckMode.MANUAL);
		properties.setAsyncAcks(false);
		properties.setPollTimeout(POLL_TIMEOUT_MS);
		properties.setShutdownTimeout(settings.drainTimeout().plusSeconds(10).toMillis());
		properties.setMicrometerEnabled(false);
		// offsets are committed in the outcome transactions, never by the container; idle
		// events are where the partitions are read again after an aborted transaction
		// when
		// no record arrives
		properties.setIdleEventInterval(DeliveryIntake.IDLE_CHECK_INTERVAL.toMillis());
		properties.setMessageListener(intake);
		properties.setConsumerRebalanceListener(intake);
		ConcurrentMessageListenerContainer<byte[], byte[]> container = new ConcurrentMessageListenerContainer<>(
				consumerFactory, properties);
		container.setConcurrency(settings.concurrency());
		// the listener handles its own failures; should one escape, log it and never
		// acknowledge the record
		CommonLoggingErrorHandler errors = new CommonLoggingErrorHandler();
		errors.setAckAfterHandle(false);
		container.setCommonErrorHandler(errors);
		flow.bind(container);
		return container;
	}

	/** What the worker reads: the deliveries topic and the retry tiers. */
	private static List<String> sources(Topics topics) {
		List<String> sources = new ArrayList<>(List.of(topics.deliveries().name()));
		topics.retryTiers().stream().map(RetryTier::topic).forEach((tier) -> sources.add(tier.name()));
		return sources;
	}

}
