package dev.hookline.worker.delivery;

import java.time.Clock;

import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.TraceHops;
import dev.hookline.sender.http.WebhookClient;
import dev.hookline.sender.outcome.OutcomeClassifier;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.worker.WorkerSettings;
import dev.hookline.worker.endpoint.Endpoints;
import dev.hookline.worker.outcome.NextStep;
import dev.hookline.worker.outcome.Quarantine;
import dev.hookline.worker.ratelimit.RateLimits;
import dev.hookline.worker.ratelimit.WaitingDeliveries;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the delivery processor.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

	@Bean
	DeliveryProcessor deliveryProcessor(TableView<String, Subscription> subscriptionView, SecretCipher cipher,
			WebhookClient client, OutcomeClassifier classifier, NextStep nextStep, RateLimits rateLimits,
			WaitingDeliveries waiting, Endpoints endpoints, Quarantine quarantine, WorkerSettings settings,
			TraceHops traces) {
		return new DeliveryProcessor(new SubscriptionLookup(subscriptionView, settings.subscriptionSyncTimeout()),
				new EndpointRequests(cipher::decrypt, Clock.systemUTC()), client, classifier, nextStep, rateLimits,
				waiting, endpoints, quarantine, traces);
	}

}
