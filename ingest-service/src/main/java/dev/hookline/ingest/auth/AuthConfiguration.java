package dev.hookline.ingest.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the configured API keys.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
public class AuthConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AuthConfiguration.class);

	@Bean
	ApiKeys apiKeys(AuthProperties properties) {
		ApiKeys keys = new ApiKeys(properties.keys());
		if (keys.isEmpty()) {
			log.warn("no API keys configured (hookline.auth.keys): every call to /v1/ is refused");
		}
		return keys;
	}

}
