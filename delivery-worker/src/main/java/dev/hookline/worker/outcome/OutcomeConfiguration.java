package dev.hookline.worker.outcome;

import java.time.Clock;
import java.util.Map;

import dev.hookline.schemas.EndpointHealth;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.RetryTier;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Topics;
import dev.hookline.worker.WorkerSettings;
import dev.hookline.worker.retry.RetrySchedule;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The worker's producer ({@code acks=all}, idempotent) for attempts, retry tiers, the
 * dead-letter topic, disabled subscriptions and operational events, and the next-step
 * component.
 */
@Configuration(proxyBeanMethods = false)
class OutcomeConfiguration {

	@Bean
	ProducerFactory<String, byte[]> outcomeProducerFactory(KafkaSettings kafka, MeterRegistry registry) {
		// linger 20 ms, not 5: nothing waits on these writes but the commit of the
		// delivery's offset (the endpoint already has its request, and a hand-off carries
		// its own due time), and fuller batches are fewer produce requests for the broker
		// (--only s3, same machine: S1 7,719 deliveries/s and S3 1,112 events/s at 20 ms,
		// 6,303 and 1,073 at 5 ms)
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
				ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.CLIENT_ID_CONFIG, "hookline-worker-outcomes");
		// values are encoded by the writer with each topic's own serde
		DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config,
				new StringSerializer(), new ByteArraySerializer());
		factory.addListener(new MicrometerProducerListener<>(registry));
		return factory;
	}

	@Bean
	KafkaTemplate<String, byte[]> outcomeTemplate(ProducerFactory<String, byte[]> factory, Topics topics) {
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(factory);
		// Sends happen on HTTP event loops: fetch every topic's metadata now, so that no
		// send ever blocks waiting for it.
		template.partitionsFor(topics.attempts().name());
		template.partitionsFor(topics.deadLetters().name());
		template.partitionsFor(topics.subscriptions().name());
		template.partitionsFor(topics.events().name());
		template.partitionsFor(topics.endpointHealth().name());
		for (RetryTier tier : topics.retryTiers()) {
			template.partitionsFor(tier.topic().name());
		}
		return template;
	}

	@Bean
	NextStep nextStep(KafkaTemplate<String, byte[]> template, Topics topics, RetrySchedule schedule,
			TableView<String, Subscription> subscriptionView, TableView<String, EndpointHealth> healthView,
			WorkerSettings settings, MeterRegistry registry) {
		TopicWriter writer = new TopicWriter(template);
		Clock clock = Clock.systemUTC();
		OperationalEventWriter events = new OperationalEventWriter(writer, topics, clock);
		SubscriptionDisabler disabler = new SubscriptionDisabler(subscriptionView, topics.subscriptions(), writer,
				events, settings.subscriptionSyncTimeout(), clock);
		FailingEndpoints failing = new FailingEndpoints(settings.autoDisableAfter(), healthView,
				topics.endpointHealth(), writer);
		return new NextStep(writer, topics, schedule, failing, disabler, new DeliveryCounters(registry), events,
				settings.autoDisableAfter(), clock);
	}

}
