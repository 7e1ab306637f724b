package dev.hookline.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The switches directly under {@code hookline} that every service shares.
 *
 * @param localMode the embedded local mode: webhooks may go to http URLs and to loopback
 * or private addresses
 */
@ConfigurationProperties("hookline")
public record HooklineSettings(@DefaultValue("false") boolean localMode) {

}
