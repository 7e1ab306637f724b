package dev.hookline.worker.retry;

import java.util.concurrent.ThreadLocalRandom;

import dev.hookline.schemas.Topics;
import dev.hookline.worker.RetrySettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The retry schedule from {@code hookline.worker.retry}.
 */
@Configuration(proxyBeanMethods = false)
class RetryConfiguration {

	@Bean
	RetrySchedule retrySchedule(Topics topics, RetrySettings settings) {
		return new RetrySchedule(topics.retryTiers(), settings.delays(), settings.jitter(),
				() -> ThreadLocalRandom.current().nextDouble());
	}

}
