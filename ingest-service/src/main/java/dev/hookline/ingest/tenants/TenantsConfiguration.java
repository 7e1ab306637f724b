package dev.hookline.ingest.tenants;

import java.time.Clock;

import dev.hookline.ingest.IngestProperties;
import dev.hookline.ingest.auth.IssuedKeys;
import dev.hookline.ingest.kafka.CompactedTable;
import dev.hookline.ingest.kafka.KafkaPublisher;
import dev.hookline.schemas.ApiKey;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Tenant;
import dev.hookline.schemas.Topics;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the tenants and their issued keys: the views of the tenants and api-keys topics,
 * caught up before the service starts answering, the store over them, and the issued keys
 * the API-key filter accepts.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TenantsProperties.class)
class TenantsConfiguration {

	/**
	 * The tenants topic, mirrored. Created after the publisher, which has fetched the
	 * cluster's metadata, so the view finds every partition.
	 */
	@Bean(destroyMethod = "close")
	TableView<String, Tenant> tenantView(KafkaSettings settings, Topics topics, KafkaPublisher publisher,
			QuarantineWriter quarantine) throws InterruptedException {
		return CompactedTable.startedView(topics.tenants(), settings, "hookline-ingest-tenants", quarantine);
	}

	/**
	 * The api-keys topic, mirrored: every key any instance issued, rotated or revoked.
	 */
	@Bean(destroyMethod = "close")
	TableView<String, ApiKey> apiKeyView(KafkaSettings settings, Topics topics, KafkaPublisher publisher,
			QuarantineWriter quarantine) throws InterruptedException {
		return CompactedTable.startedView(topics.apiKeys(), settings, "hookline-ingest-api-keys", quarantine);
	}

	/** What the API-key filter looks an issued key up in: the view, as it is now. */
	@Bean
	IssuedKeys issuedKeys(TableView<String, ApiKey> apiKeyView) {
		return apiKeyView::get;
	}

	@Bean
	TenantStore tenantStore(TableView<String, Tenant> tenantView, TableView<String, ApiKey> apiKeyView,
			KafkaPublisher publisher, Topics topics, IngestProperties properties) {
		return new TenantStore(new CompactedTable<>(tenantView, publisher, topics.tenants(), properties.kafkaTimeout()),
				new CompactedTable<>(apiKeyView, publisher, topics.apiKeys(), properties.kafkaTimeout()),
				Clock.systemUTC());
	}

}
