package dev.hookline.ingest.subscriptions;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the Tink keyset that encrypts signing secrets lives, bound from
 * {@code hookline.crypto}; ingest and the worker must use the same one.
 *
 * @param keysetFile the Tink JSON keyset file (required: the start-up fails without it)
 * @param createIfMissing generate the keyset when the file does not exist (default false)
 */
@ConfigurationProperties("hookline.crypto")
public record CryptoProperties(@Nullable Path keysetFile, @DefaultValue("false") boolean createIfMissing) {

}
