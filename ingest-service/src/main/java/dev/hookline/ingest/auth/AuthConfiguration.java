package dev.hookline.ingest.auth;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the API keys: the configured ones, and those issued at run time when the service
 * has an {@link IssuedKeys} (the tenants module's view of the api-keys topic).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
public class AuthConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AuthConfiguration.class);

	@Bean
	ApiKeys apiKeys(AuthProperties properties, ObjectProvider<IssuedKeys> issued) {
		ApiKeys keys = new ApiKeys(properties.keys(), properties.operatorKeys(),
				issued.getIfAvailable(() -> IssuedKeys.NONE), Clock.systemUTC());
		if (properties.keys().isEmpty() && properties.operatorKeys().isEmpty()) {
			log.warn("no API keys configured (hookline.auth.keys, hookline.auth.operator-keys): "
					+ "every call to /v1/ is refused until one is");
		}
		return keys;
	}

}
