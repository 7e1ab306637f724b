package dev.hookline.ingest.eventtypes;

import dev.hookline.ingest.IngestProperties;
import dev.hookline.ingest.http.JsonBodyReader;
import dev.hookline.ingest.kafka.CompactedTable;
import dev.hookline.ingest.kafka.KafkaPublisher;
import dev.hookline.schemas.EventType;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Topics;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the event-type catalogue: the view of the event-types topic, which has caught up
 * before the service starts answering, the store over it, and the checks of published
 * events against it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventTypesProperties.class)
class EventTypesConfiguration {

	/**
	 * The event-types topic, mirrored. Created after the publisher, which has fetched the
	 * cluster's metadata, so the view finds every partition.
	 */
	@Bean(destroyMethod = "close")
	TableView<String, EventType> eventTypeView(KafkaSettings settings, Topics topics, KafkaPublisher publisher,
			QuarantineWriter quarantine) throws InterruptedException {
		return CompactedTable.startedView(topics.eventTypes(), settings, "hookline-ingest-event-types", quarantine);
	}

	@Bean
	JsonSchemas jsonSchemas() {
		return new JsonSchemas();
	}

	@Bean
	DefinitionParser eventTypeDefinitionParser(JsonBodyReader json, JsonSchemas jsonSchemas) {
		return new DefinitionParser(json, jsonSchemas);
	}

	@Bean
	CatalogueValidation catalogueValidation(EventTypeStore eventTypeStore, JsonSchemas jsonSchemas,
			EventTypesProperties properties) {
		return new CatalogueValidation(eventTypeStore, new CompiledSchemas(jsonSchemas), properties);
	}

	@Bean
	EventTypeStore eventTypeStore(TableView<String, EventType> eventTypeView, KafkaPublisher publisher, Topics topics,
			IngestProperties properties) {
		return new EventTypeStore(
				new CompactedTable<>(eventTypeView, publisher, topics.eventTypes(), properties.kafkaTimeout()));
	}

}
