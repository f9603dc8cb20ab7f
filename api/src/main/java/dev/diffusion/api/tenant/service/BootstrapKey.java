package dev.diffusion.api.tenant.service;

import dev.diffusion.api.config.DiffusionConfig;
import dev.diffusion.api.tenant.auth.ApiKeySecret;
import dev.diffusion.api.tenant.auth.Role;
import dev.diffusion.api.tenant.persistence.ApiKeyEntity;
import dev.diffusion.api.tenant.persistence.ApiKeyRepository;
import dev.diffusion.api.tenant.persistence.TenantEntity;
import dev.diffusion.api.tenant.persistence.TenantRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The first admin key of an installation, so that a fresh local run can be used at once. With
 * {@code diffusion.auth.bootstrap-key-file} set, at start-up:
 * <ul>
 *   <li>the file holds a live admin key: it is used as it is ({@link Outcome#REUSED});</li>
 *   <li>otherwise, when no live admin key exists, the file's key (when it holds a well-formed one that was never
 *       registered, e.g. after the database was wiped) or a new one becomes an admin key of the default tenant,
 *       and the file is written ({@link Outcome#CREATED});</li>
 *   <li>otherwise (admins exist, the file's key is not one of them) nothing changes ({@link Outcome#SKIPPED}).</li>
 * </ul>
 */
@ApplicationScoped
public class BootstrapKey {

    /** What {@link #ensure(Path)} did. */
    public enum Outcome { REUSED, CREATED, SKIPPED }

    static final String KEY_NAME = "bootstrap";
    private static final Logger LOG = Logger.getLogger(BootstrapKey.class);
    private static final long LOCK = 0x646966667573L;

    private final ApiKeys apiKeys;
    private final ApiKeyRepository keys;
    private final TenantRepository tenants;
    private final Optional<Path> file;

    @Inject
    public BootstrapKey(ApiKeys apiKeys, ApiKeyRepository keys, TenantRepository tenants, DiffusionConfig config) {
        this.apiKeys = apiKeys;
        this.keys = keys;
        this.tenants = tenants;
        this.file = config.auth().bootstrapKeyFile();
    }

    void onStart(@Observes StartupEvent event) {
        file.ifPresent(this::ensure);
    }

    /** Makes sure {@code path} holds a live admin key when no other admin exists (see the class comment). */
    public Outcome ensure(Path path) {
        Optional<String> given = read(path);
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            // api replicas starting together must not each create a key
            keys.getEntityManager().createNativeQuery("select 1 from (select pg_advisory_xact_lock(:lock)) l")
                    .setParameter("lock", LOCK).getSingleResult();
            Optional<ApiKeyEntity> known = given.flatMap(k -> keys.findByHash(ApiKeySecret.hash(k)));
            if (given.isPresent() && keys.findLive(ApiKeySecret.hash(given.get()))
                    .filter(k -> k.key().role == Role.ADMIN).isPresent()) {
                return Outcome.REUSED;
            }
            if (keys.liveAdminExists()) {
                return Outcome.SKIPPED;
            }
            TenantEntity tenant = tenants.findByIdOptional(TenantEntity.DEFAULT_ID).orElseThrow();
            if (tenant.revokedAt != null) {
                LOG.warnf("bootstrap key: the default tenant is revoked; no key created");
                return Outcome.SKIPPED;
            }
            String secret = given.filter(k -> known.isEmpty()).orElseGet(ApiKeySecret::generate);
            apiKeys.store(tenant.id, KEY_NAME, Role.ADMIN, secret);
            if (given.filter(secret::equals).isEmpty()) {
                // a key given in the file stays as it is: the file may be a read-only mounted secret
                write(path, secret);
            }
            return Outcome.CREATED;
        });
        switch (outcome) {
            case REUSED -> LOG.infof("bootstrap key: the admin key in %s is valid", path);
            case CREATED -> LOG.infof("bootstrap key: created an admin key of tenant 'default', written to %s", path);
            case SKIPPED -> LOG.infof("bootstrap key: admin keys exist and %s holds none of them; nothing created",
                    path);
        }
        return outcome;
    }

    private static Optional<String> read(Path path) {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(path, StandardCharsets.US_ASCII);
            Optional<String> key = lines.stream().map(String::trim).filter(l -> !l.isEmpty()).findFirst()
                    .filter(ApiKeySecret::wellFormed);
            if (key.isEmpty()) {
                LOG.warnf("bootstrap key: %s does not hold a key (%s...); it will be replaced", path,
                        ApiKeySecret.PREFIX);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bootstrap key file " + path, e);
        }
    }

    /** Writes the key readable by its owner only, replacing the file in one step. */
    private static void write(Path path, String secret) {
        try {
            Path absolute = path.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path temporary = Files.createTempFile(absolute.getParent(), ".bootstrap-key", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                LOG.debugf("bootstrap key: %s has no POSIX permissions", temporary);
            }
            Files.writeString(temporary, secret + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bootstrap key file " + path, e);
        }
    }
}
