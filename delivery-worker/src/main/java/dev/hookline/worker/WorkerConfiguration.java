package dev.hookline.worker;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.hookline.schemas.EndpointHealth;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.TopicProvisioner;
import dev.hookline.schemas.Topics;
import dev.hookline.sender.http.WebhookClient;
import dev.hookline.sender.outcome.OutcomeClassifier;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.sender.ssrf.AddressGuard;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The worker's shared pieces: the cluster settings and topics, the secret cipher, the
 * HTTP client with its SSRF guard, and the subscriptions view.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ WorkerSettings.class, RetrySettings.class, RateLimitSettings.class,
		EndpointSettings.class, CircuitBreakerSettings.class, CryptoSettings.class, HooklineSettings.class })
class WorkerConfiguration {

	@Bean
	KafkaSettings kafkaSettings(Environment environment) {
		return Binder.get(environment).bindOrCreate("hookline.kafka", KafkaSettings.class);
	}

	/**
	 * Every Kafka client depends on this bean, so the topics exist before any is used.
	 */
	@Bean
	Topics topics(KafkaSettings settings) {
		TopicProvisioner.createMissing(settings);
		return settings.topics();
	}

	@Bean
	SecretCipher secretCipher(CryptoSettings settings) {
		return SecretCipher.fromFile(settings.keysetFile(), settings.createIfMissing());
	}

	@Bean
	WebhookClient webhookClient(WorkerSettings settings, HooklineSettings hookline) {
		return WebhookClient.create(settings.senderSettings(), AddressGuard.of(hookline.localMode()));
	}

	@Bean
	OutcomeClassifier outcomeClassifier() {
		return new OutcomeClassifier();
	}

	/**
	 * The worker's own copy of the subscriptions topic, caught up before this method
	 * returns, hence before the delivery listener starts.
	 */
	@Bean(destroyMethod = "close")
	TableView<String, Subscription> subscriptionView(KafkaSettings kafka, Topics topics) throws InterruptedException {
		return caughtUp(new TableView<>(topics.subscriptions(), kafka.bootstrapServers(),
				Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "hookline-worker-subscriptions")), kafka);
	}

	/**
	 * Since when each failing endpoint has failed, as every worker saw, caught up before
	 * the delivery listener starts.
	 */
	@Bean(destroyMethod = "close")
	TableView<String, EndpointHealth> endpointHealthView(KafkaSettings kafka, Topics topics)
			throws InterruptedException {
		return caughtUp(new TableView<>(topics.endpointHealth(), kafka.bootstrapServers(),
				Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "hookline-worker-endpoint-health")), kafka);
	}

	private static <V> TableView<String, V> caughtUp(TableView<String, V> view, KafkaSettings kafka)
			throws InterruptedException {
		try {
			view.start().get(60, TimeUnit.SECONDS);
			return view;
		}
		catch (ExecutionException | TimeoutException ex) {
			view.close();
			throw new IllegalStateException("cannot read " + view + " from " + kafka.bootstrapServers(), ex);
		}
	}

}
