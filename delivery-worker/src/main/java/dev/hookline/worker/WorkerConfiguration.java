package dev.hookline.worker;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.hookline.schemas.EndpointHealth;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.PublishedSchemas;
import dev.hookline.schemas.QuarantineMetrics;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.ServiceManagement;
import dev.hookline.schemas.Topics;
import dev.hookline.sender.http.WebhookClient;
import dev.hookline.sender.outcome.OutcomeClassifier;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.sender.ssrf.AddressGuard;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The worker's shared pieces: the cluster settings and topics, the secret cipher, the
 * HTTP client with its SSRF guard, the subscriptions and endpoint-health views and where
 * they quarantine what they cannot read.
 */
@Configuration(proxyBeanMethods = false)
@Import(ServiceManagement.class)
@EnableConfigurationProperties({ WorkerSettings.class, RetrySettings.class, RateLimitSettings.class,
		EndpointSettings.class, CircuitBreakerSettings.class, CryptoSettings.class, HooklineSettings.class,
		MetricsSettings.class })
class WorkerConfiguration {

	@Bean
	KafkaSettings kafkaSettings(Environment environment) {
		return Binder.get(environment).bindOrCreate("hookline.kafka", KafkaSettings.class);
	}

	/**
	 * Every Kafka client depends on this bean, so the topics exist before any is used.
	 */
	@Bean
	Topics topics(KafkaSettings settings, PublishedSchemas publishedSchemas) {
		return settings.topics().readingWith(publishedSchemas);
	}

	/**
	 * Creates the missing topics and publishes this release's schemas, then reads the
	 * schemas every release published, so that records a newer release writes during a
	 * rolling upgrade are read too.
	 */
	@Bean(destroyMethod = "close")
	PublishedSchemas publishedSchemas(KafkaSettings settings, HooklineSettings hookline) throws InterruptedException {
		return PublishedSchemas.provision(settings, "hookline-worker-schemas", hookline.localMode());
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
	TableView<String, Subscription> subscriptionView(KafkaSettings kafka, Topics topics,
			QuarantineWriter viewQuarantine) throws InterruptedException {
		return caughtUp(new TableView<>(topics.subscriptions(), kafka.bootstrapServers(),
				kafka.client("hookline-worker-subscriptions"), viewQuarantine), kafka);
	}

	/**
	 * Where the views put the records they cannot decode; counted in
	 * {@code hookline.quarantined} like the intake's.
	 */
	@Bean(destroyMethod = "close")
	QuarantineWriter viewQuarantine(KafkaSettings kafka, Topics topics, MeterRegistry registry) {
		return new QuarantineWriter(topics, kafka.bootstrapServers(), kafka.client("hookline-worker-quarantine"),
				WorkerSettings.SERVICE, (entry) -> QuarantineMetrics.count(registry, entry));
	}

	/**
	 * Since when each failing endpoint has failed, as every worker saw, caught up before
	 * the delivery listener starts.
	 */
	@Bean(destroyMethod = "close")
	TableView<String, EndpointHealth> endpointHealthView(KafkaSettings kafka, Topics topics,
			QuarantineWriter viewQuarantine) throws InterruptedException {
		return caughtUp(new TableView<>(topics.endpointHealth(), kafka.bootstrapServers(),
				kafka.client("hookline-worker-endpoint-health"), viewQuarantine), kafka);
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
