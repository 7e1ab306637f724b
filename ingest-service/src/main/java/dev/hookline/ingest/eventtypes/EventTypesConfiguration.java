package dev.hookline.ingest.eventtypes;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.hookline.ingest.IngestProperties;
import dev.hookline.ingest.http.JsonBodyReader;
import dev.hookline.ingest.kafka.KafkaPublisher;
import dev.hookline.schemas.EventType;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;

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

	private static final long STARTUP_SYNC_SECONDS = 60;

	/**
	 * The event-types topic, mirrored. Created after the publisher, which has fetched the
	 * cluster's metadata, so the view finds every partition.
	 */
	@Bean(destroyMethod = "close")
	TableView<String, EventType> eventTypeView(KafkaSettings settings, Topics topics, KafkaPublisher publisher)
			throws InterruptedException {
		TableView<String, EventType> view = new TableView<>(topics.eventTypes(), settings.bootstrapServers(),
				Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "hookline-ingest-event-types"));
		try {
			view.start().get(STARTUP_SYNC_SECONDS, TimeUnit.SECONDS);
			return view;
		}
		catch (ExecutionException | TimeoutException ex) {
			view.close();
			throw new IllegalStateException(
					"the view of " + topics.eventTypes() + " did not catch up within " + STARTUP_SYNC_SECONDS + "s",
					ex);
		}
		catch (InterruptedException ex) {
			view.close();
			throw ex;
		}
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
		return new EventTypeStore(eventTypeView, publisher, topics.eventTypes(), properties.kafkaTimeout());
	}

}
