package dev.hookline.ingest.subscriptions;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.hookline.ingest.IngestProperties;
import dev.hookline.ingest.kafka.KafkaPublisher;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Topics;
import dev.hookline.sender.secrets.SecretCipher;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the subscriptions API: the secret cipher and the view of the subscriptions topic,
 * which has caught up before the service starts answering.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CryptoProperties.class)
class SubscriptionsConfiguration {

	private static final long STARTUP_SYNC_SECONDS = 60;

	@Bean
	SecretCipher secretCipher(CryptoProperties properties) {
		Path keyset = properties.keysetFile();
		if (keyset == null) {
			throw new IllegalArgumentException("hookline.crypto.keyset-file is required: the Tink keyset that "
					+ "encrypts signing secrets (set hookline.crypto.create-if-missing=true to generate one)");
		}
		return SecretCipher.fromFile(keyset, properties.createIfMissing());
	}

	/**
	 * The subscriptions topic, mirrored. Created after the publisher, which has fetched
	 * the topic's metadata, so the view finds every partition.
	 */
	@Bean(destroyMethod = "close")
	TableView<String, Subscription> subscriptionView(KafkaSettings settings, Topics topics, KafkaPublisher publisher)
			throws InterruptedException {
		TableView<String, Subscription> view = new TableView<>(topics.subscriptions(), settings.bootstrapServers(),
				Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "hookline-ingest-subscriptions"));
		try {
			view.start().get(STARTUP_SYNC_SECONDS, TimeUnit.SECONDS);
			return view;
		}
		catch (ExecutionException | TimeoutException ex) {
			view.close();
			throw new IllegalStateException(
					"the view of " + topics.subscriptions() + " did not catch up within " + STARTUP_SYNC_SECONDS + "s",
					ex);
		}
		catch (InterruptedException ex) {
			view.close();
			throw ex;
		}
	}

	@Bean
	SubscriptionStore subscriptionStore(TableView<String, Subscription> subscriptionView, KafkaPublisher publisher,
			Topics topics, IngestProperties properties) {
		return new SubscriptionStore(subscriptionView, publisher, topics.subscriptions(), properties.kafkaTimeout());
	}

}
