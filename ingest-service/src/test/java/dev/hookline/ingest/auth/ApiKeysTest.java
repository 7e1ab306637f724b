package dev.hookline.ingest.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.hookline.schemas.ApiKey;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApiKeysTest {

	private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

	@Test
	void theConfiguredHashIsTheHexSha256OfTheKey() {
		assertThat(ApiKeys.sha256Hex("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

	@Test
	void aKeyIsRecognisedByItsHashInEitherCase() {
		ApiKeys keys = new ApiKeys(List.of(new AuthProperties.Key("acme", Role.PRODUCER, ApiKeys.sha256Hex("p")),
				new AuthProperties.Key("acme", Role.ADMIN, ApiKeys.sha256Hex("a").toUpperCase())));
		assertThat(keys.authenticate("p")).contains(new Caller("acme", Role.PRODUCER));
		assertThat(keys.authenticate("a")).contains(new Caller("acme", Role.ADMIN));
		assertThat(keys.authenticate("P")).isEmpty();
		assertThat(keys.authenticate("")).isEmpty();
	}

	@Test
	void theSameKeyCannotBeConfiguredTwice() {
		AuthProperties.Key key = new AuthProperties.Key("acme", Role.PRODUCER, ApiKeys.sha256Hex("p"));
		assertThatIllegalArgumentException().isThrownBy(() -> new ApiKeys(List.of(key, key)))
			.withMessageContaining("twice");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ApiKeys(List.of(key), List.of(key.sha256()), IssuedKeys.NONE, Clock.systemUTC()))
			.withMessageContaining("operator-keys");
	}

	@Test
	void aMalformedHashTenantOrRoleFailsTheStartUp() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AuthProperties.Key("acme", Role.ADMIN, "p"))
			.withMessageContaining("sha256");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AuthProperties.Key("a/b", Role.ADMIN, ApiKeys.sha256Hex("p")))
			.withMessageContaining("tenant");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AuthProperties.Key("acme", Role.OPERATOR, ApiKeys.sha256Hex("p")))
			.withMessageContaining("operator-keys");
		assertThatIllegalArgumentException().isThrownBy(() -> new AuthProperties(List.of(), List.of("not-a-hash"), 100))
			.withMessageContaining("operator-keys");
	}

	@Test
	void operatorKeysBindFromOneEnvironmentVariableAsDeploymentsSetThem() {
		String first = ApiKeys.sha256Hex("op1");
		String second = ApiKeys.sha256Hex("op2");
		Map<String, Object> env = Map.of("HOOKLINE_AUTH_OPERATORKEYS", first + "," + second.toUpperCase());
		AuthProperties bound = new Binder(ConfigurationPropertySources.from(
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)))
			.bindOrCreate("hookline.auth", AuthProperties.class);

		assertThat(bound.operatorKeys()).containsExactly(first, second);
		assertThat(bound.maxKeysPerTenant()).isEqualTo(100);
		AuthProperties empty = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("HOOKLINE_AUTH_OPERATORKEYS", ""))))
			.bindOrCreate("hookline.auth", AuthProperties.class);
		assertThat(empty.operatorKeys()).isEmpty();
	}

	@Test
	void anOperatorKeyBelongsToNoTenant() {
		ApiKeys keys = new ApiKeys(List.of(), List.of(ApiKeys.sha256Hex("op")), IssuedKeys.NONE, Clock.systemUTC());
		assertThat(keys.authenticate("op")).contains(new Caller(ApiKeys.NO_TENANT, Role.OPERATOR));
		assertThat(AuthProperties.TENANT.matcher(ApiKeys.NO_TENANT).matches()).isFalse();
	}

	@Test
	void anIssuedKeyIsAcceptedUntilItExpiresOrIsRevoked() {
		Map<String, ApiKey> issued = new HashMap<>();
		ApiKeys keys = new ApiKeys(List.of(), List.of(), (id) -> Optional.ofNullable(issued.get(id)),
				Clock.fixed(NOW, ZoneOffset.UTC));
		String plaintext = ApiKeys.generate("hk_prod_");
		assertThat(keys.authenticate(plaintext)).isEmpty();

		ApiKey key = issued(plaintext, "PRODUCER").build();
		issued.put(key.getId(), key);
		assertThat(keys.authenticate(plaintext)).contains(new Caller("acme", Role.PRODUCER));

		issued.put(key.getId(), ApiKey.newBuilder(key).setExpiresAt(NOW.plusMillis(1)).build());
		assertThat(keys.authenticate(plaintext)).isPresent();
		issued.put(key.getId(), ApiKey.newBuilder(key).setExpiresAt(NOW).build());
		assertThat(keys.authenticate(plaintext)).isEmpty();

		issued.put(key.getId(), ApiKey.newBuilder(key).setRevokedAt(NOW.minusSeconds(1)).build());
		assertThat(keys.authenticate(plaintext)).isEmpty();
	}

	@Test
	void anIssuedRecordMustHoldThePresentedKeysWholeHashAndAnIssuableRole() {
		Map<String, ApiKey> issued = new HashMap<>();
		ApiKeys keys = new ApiKeys(List.of(), List.of(), (id) -> Optional.ofNullable(issued.get(id)),
				Clock.fixed(NOW, ZoneOffset.UTC));
		String plaintext = ApiKeys.generate("hk_admin_");
		String otherHash = ApiKeys.sha256Hex("another key");
		issued.put(ApiKeys.keyId(plaintext), issued(plaintext, "ADMIN").setSha256(otherHash).build());
		assertThat(keys.authenticate(plaintext)).as("same id, another hash").isEmpty();

		issued.put(ApiKeys.keyId(plaintext), issued(plaintext, "OPERATOR").build());
		assertThat(keys.authenticate(plaintext)).as("an operator record").isEmpty();

		issued.put(ApiKeys.keyId(plaintext), issued(plaintext, "ADMIN").build());
		assertThat(keys.authenticate(plaintext)).contains(new Caller("acme", Role.ADMIN));
	}

	@Test
	void aKeysIdIsAPrefixOfItsHashAndGeneratedKeysDiffer() {
		String key = ApiKeys.generate("hk_prod_");
		assertThat(key).startsWith("hk_prod_").hasSize("hk_prod_".length() + 48);
		assertThat(ApiKeys.keyId(key)).isEqualTo("key_" + ApiKeys.sha256Hex(key).substring(0, 24));
		assertThat(ApiKeys.generate("hk_prod_")).isNotEqualTo(key);
	}

	private static ApiKey.Builder issued(String plaintext, String role) {
		return ApiKey.newBuilder()
			.setId(ApiKeys.keyId(plaintext))
			.setTenant("acme")
			.setRole(role)
			.setSha256(ApiKeys.sha256Hex(plaintext))
			.setCreatedAt(NOW.minus(Duration.ofDays(1)));
	}

}
