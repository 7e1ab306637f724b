package dev.hookline.router.routing;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import dev.hookline.schemas.Subscription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RulesCacheTest {

	private final RulesCache cache = new RulesCache();

	@Test
	void aSubscriptionsRulesAreParsedOncePerVersion() {
		SubscriptionRules first = this.cache.rules(subscription(1, "[{\"path\":\"/a\",\"exists\":true}]"));

		assertThat(this.cache.rules(subscription(1, "[{\"path\":\"/a\",\"exists\":true}]"))).isSameAs(first);
		assertThat(this.cache.rules(subscription(2, "[{\"path\":\"/a\",\"exists\":true}]"))).isNotSameAs(first);
	}

	@Test
	void changedRulesUnderTheSameVersionAreParsedAgain() {
		SubscriptionRules exists = this.cache.rules(subscription(1, "[{\"path\":\"/a\",\"exists\":true}]"));
		SubscriptionRules broken = this.cache.rules(subscription(1, "[{\"path\":\"a\",\"exists\":true}]"));

		assertThat(exists.valid()).isTrue();
		assertThat(broken.valid()).isFalse();
	}

	@Test
	void aForgottenSubscriptionIsParsedAgain() {
		SubscriptionRules first = this.cache.rules(subscription(1, null));

		this.cache.forget("sub_1");

		assertThat(this.cache.rules(subscription(1, null))).isNotSameAs(first);
	}

	@Test
	void anEmptyStoredAllowlistIsInvalidRatherThanSendingTheWholePayload() {
		Subscription subscription = subscription(1, null);
		subscription.setFields(List.of());

		assertThat(this.cache.rules(subscription).valid()).isFalse();
	}

	private static Subscription subscription(long version, String filter) {
		return Subscription.newBuilder()
			.setId("sub_1")
			.setTenant("acme")
			.setUrl("https://example.com/hooks")
			.setSecret(ByteBuffer.wrap(new byte[] { 42 }))
			.setEventTypes(List.of("*"))
			.setFilter(filter)
			.setVersion(version)
			.setCreatedAt(Instant.EPOCH)
			.setUpdatedAt(Instant.EPOCH)
			.build();
	}

}
