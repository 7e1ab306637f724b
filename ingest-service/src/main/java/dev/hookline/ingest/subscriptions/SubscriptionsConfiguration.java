package dev.hookline.ingest.subscriptions;

import java.nio.file.Path;
import java.time.Clock;

import dev.hookline.ingest.HooklineProperties;
import dev.hookline.ingest.IngestProperties;
import dev.hookline.ingest.kafka.CompactedTable;
import dev.hookline.ingest.kafka.KafkaPublisher;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.SubscriptionWriter;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Topics;
import dev.hookline.sender.http.SenderSettings;
import dev.hookline.sender.http.WebhookClient;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.sender.ssrf.AddressGuard;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the subscriptions API: the secret cipher, the view of the subscriptions topic
 * (caught up before the service starts answering), the sweeper of expired secrets and the
 * test-send client.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ CryptoProperties.class, SubscriptionsProperties.class })
class SubscriptionsConfiguration {

	private static final int TEST_CONNECTIONS_PER_HOST = 8;

	private static final int TEST_PENDING_PER_HOST = 32;

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
	TableView<String, Subscription> subscriptionView(KafkaSettings settings, Topics topics, KafkaPublisher publisher,
			QuarantineWriter quarantine) throws InterruptedException {
		return CompactedTable.startedView(topics.subscriptions(), settings, "hookline-ingest-subscriptions",
				quarantine);
	}

	/**
	 * Where every change of a subscription is decided and written, sharing the lease of
	 * each partition with the other instances and the workers.
	 */
	@Bean(destroyMethod = "close")
	SubscriptionWriter subscriptionWriter(KafkaSettings settings, Topics topics,
			TableView<String, Subscription> subscriptionView, IngestProperties properties) {
		return new SubscriptionWriter(topics, subscriptionView, settings.bootstrapServers(),
				settings.client("hookline-ingest-subscriptions"), properties.kafkaTimeout());
	}

	@Bean
	SubscriptionStore subscriptionStore(TableView<String, Subscription> subscriptionView, KafkaPublisher publisher,
			SubscriptionWriter subscriptionWriter, Topics topics, IngestProperties properties) {
		return new SubscriptionStore(
				new CompactedTable<>(subscriptionView, publisher, topics.subscriptions(), properties.kafkaTimeout()),
				subscriptionWriter);
	}

	@Bean
	SecretSweeper secretSweeper(SubscriptionStore subscriptionStore, SubscriptionsProperties properties) {
		return new SecretSweeper(subscriptionStore, properties.secretSweepInterval(), Clock.systemUTC());
	}

	/**
	 * The client of test-sends: webhook-sender's, with the worker's guard (local mode
	 * allows http, loopback and private addresses) and read caps, and a small pool.
	 */
	@Bean(destroyMethod = "close")
	WebhookClient testSendClient(SubscriptionsProperties properties, HooklineProperties hookline) {
		SenderSettings defaults = SenderSettings.defaults();
		SenderSettings settings = new SenderSettings(properties.testConnectTimeout(), properties.testTimeout(),
				defaults.maxResponseBytes(), defaults.snippetBytes(), TEST_CONNECTIONS_PER_HOST, TEST_PENDING_PER_HOST);
		return WebhookClient.create(settings, AddressGuard.of(hookline.localMode()));
	}

	@Bean
	TestSender testSender(WebhookClient testSendClient, SecretCipher cipher) {
		return new TestSender(testSendClient, cipher, Clock.systemUTC());
	}

	@Bean
	TestSendLimiter testSendLimiter(SubscriptionsProperties properties) {
		return new TestSendLimiter(properties.testSendBurst(), properties.testSendInterval());
	}

}
