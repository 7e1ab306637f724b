package dev.hookline.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code hookline} that every service shares and that are not about Kafka
 * or cryptography.
 *
 * @param localMode the embedded local mode: subscriptions may use {@code http://} URLs
 */
@ConfigurationProperties("hookline")
public record HooklineProperties(@DefaultValue("false") boolean localMode) {

}
