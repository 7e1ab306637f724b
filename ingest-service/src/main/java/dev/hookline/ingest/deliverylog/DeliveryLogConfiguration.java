package dev.hookline.ingest.deliverylog;

import java.time.Clock;

import dev.hookline.ingest.IngestProperties;
import dev.hookline.ingest.kafka.CompactedTable;
import dev.hookline.ingest.kafka.KafkaPublisher;
import dev.hookline.schemas.EndpointHealth;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the delivery history ({@link HistoryView}, on disk, partitioned across ingest
 * instances), its queries and the subscriptions' stats drawn from it. It does not delay
 * the start: the history answers 503 until its stores are ready.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HistoryProperties.class)
class DeliveryLogConfiguration {

	/** Threads that run this instance's part of history queries. */
	private static final int QUERY_THREADS = 4;

	@Bean
	HistoryStats historyStats(HistoryView view, HistoryProperties properties) {
		return new HistoryStats(view, properties.retention(), Clock.systemUTC());
	}

	/** Starts with the web server, once {@link Topics} exist. */
	@Bean
	HistoryView historyView(HistoryProperties properties, KafkaSettings settings, Topics topics, MeterRegistry registry,
			QuarantineWriter quarantine) {
		return new HistoryView(properties, settings, topics, registry, quarantine);
	}

	@Bean
	HistoryReads historyReads(HistoryView view, HistoryProperties properties) {
		return new HistoryReads(view, properties.retention(), Clock.systemUTC());
	}

	@Bean
	HistoryForwarding historyForwarding(HistoryView view, IngestProperties properties) {
		return new HistoryForwarding(view, properties.kafkaTimeout(), QUERY_THREADS);
	}

	@Bean
	Requeue requeue(DeliveryFetch fetch, KafkaPublisher kafka, Topics topics) {
		return new Requeue(fetch, kafka, topics);
	}

	@Bean
	Recovery recovery(HistoryReads history, Requeue requeue, HistoryForwarding forwarding,
			HistoryProperties properties) {
		return new Recovery(history, requeue, forwarding, properties.recoverRate());
	}

	/** The workers' failing endpoints, for the tenant's health; small, read whole. */
	@Bean
	TableView<String, EndpointHealth> endpointHealthView(KafkaSettings settings, Topics topics,
			QuarantineWriter quarantine) throws InterruptedException {
		return CompactedTable.startedView(topics.endpointHealth(), settings, "hookline-ingest-endpoint-health",
				quarantine);
	}

	@Bean(destroyMethod = "close")
	DeliveryFetch deliveryFetch(KafkaSettings settings, Topics topics, IngestProperties properties) {
		return new DeliveryFetch(settings, topics, properties.kafkaTimeout());
	}

}
