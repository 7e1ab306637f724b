package dev.hookline.ingest.kafka;

import java.util.Map;

import dev.hookline.ingest.HooklineProperties;
import dev.hookline.ingest.IngestProperties;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.PublishedSchemas;
import dev.hookline.schemas.QuarantineMetrics;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.ServiceManagement;
import dev.hookline.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The service's Kafka wiring: the shared {@code hookline.kafka} settings, the topics
 * (created at start-up when missing), one producer for all of them, and where what the
 * service cannot read is quarantined.
 */
@Configuration(proxyBeanMethods = false)
@Import(ServiceManagement.class)
class KafkaConfiguration {

	/**
	 * How the service names itself where it is seen from outside (quarantine entries).
	 */
	static final String SERVICE = "ingest-service";

	@Bean
	KafkaSettings kafkaSettings(Environment environment) {
		return Binder.get(environment).bindOrCreate("hookline.kafka", KafkaSettings.class);
	}

	/**
	 * The topics, provisioned first: every Kafka client of this service depends on this
	 * bean, so none starts before the topics exist. Fails the start-up when the cluster
	 * cannot be reached.
	 */
	@Bean
	Topics topics(KafkaSettings settings, PublishedSchemas publishedSchemas) {
		return settings.topics().readingWith(publishedSchemas);
	}

	/**
	 * Creates the missing topics and publishes this release's schemas, then reads the
	 * schemas every release published, so that records a newer release writes during a
	 * rolling upgrade are read too. Fails the start-up when the cluster cannot be
	 * reached.
	 */
	@Bean(destroyMethod = "close")
	PublishedSchemas publishedSchemas(KafkaSettings settings, HooklineProperties hookline) throws InterruptedException {
		return PublishedSchemas.provision(settings, "hookline-ingest-schemas", hookline.localMode());
	}

	@Bean(destroyMethod = "close")
	KafkaPublisher kafkaPublisher(KafkaSettings settings, Topics topics, IngestProperties properties) {
		KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(settings, properties),
				new ByteArraySerializer(), new ByteArraySerializer());
		try {
			// fetch the metadata now, so that neither the first request nor the
			// subscriptions view waits for it (deliveries: redeliver writes there)
			producer.partitionsFor(topics.events().name());
			producer.partitionsFor(topics.subscriptions().name());
			producer.partitionsFor(topics.deliveries().name());
		}
		catch (RuntimeException ex) {
			producer.close();
			throw ex;
		}
		return new KafkaPublisher(producer, properties.kafkaTimeout());
	}

	/**
	 * Where the views and the delivery log put the records they cannot decode, counted in
	 * {@code hookline.quarantined}.
	 */
	@Bean(destroyMethod = "close")
	QuarantineWriter quarantineWriter(KafkaSettings settings, Topics topics, MeterRegistry registry) {
		return new QuarantineWriter(topics, settings.bootstrapServers(), settings.client("hookline-ingest-quarantine"),
				SERVICE, (entry) -> QuarantineMetrics.count(registry, entry));
	}

	/**
	 * Durable and bounded: {@code acks=all} with idempotence, and every wait of the
	 * producer (metadata, buffer space, a request, a delivery) bounded by
	 * {@code hookline.ingest.kafka-timeout}.
	 */
	static Map<String, Object> producerConfig(KafkaSettings settings, IngestProperties properties) {
		int timeoutMs = Math.toIntExact(properties.kafkaTimeout().toMillis());
		int lingerMs = 5;
		Map<String, Object> config = settings.client("hookline-ingest");
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
		// the producer requires delivery.timeout.ms >= linger.ms + request.timeout.ms
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs + lingerMs);
		// the one record limit of every producer and topic (an event is refused above it,
		// so that it can be routed, retried and dead-lettered too)
		config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_REQUEST_BYTES);
		return config;
	}

}
