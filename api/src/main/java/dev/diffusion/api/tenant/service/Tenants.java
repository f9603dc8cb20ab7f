package dev.diffusion.api.tenant.service;

import dev.diffusion.api.problem.ConflictException;
import dev.diffusion.api.problem.ResourceNotFoundException;
import dev.diffusion.api.problem.ValidationFailedException;
import dev.diffusion.api.tenant.auth.Limits;
import dev.diffusion.api.tenant.persistence.TenantEntity;
import dev.diffusion.api.tenant.persistence.TenantRepository;
import dev.diffusion.common.spec.FieldError;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Creating, reading and revoking tenants. */
@ApplicationScoped
public class Tenants {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final TenantRepository tenants;
    private final KeyAuthenticator authenticator;
    private final Clock clock;

    @Inject
    public Tenants(TenantRepository tenants, KeyAuthenticator authenticator, Clock clock) {
        this.tenants = tenants;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    /**
     * Creates a tenant.
     *
     * @throws ValidationFailedException (422) for a missing or malformed name
     * @throws ConflictException         (409) when a tenant of that name exists
     */
    public TenantEntity create(String name) {
        String trimmed = name == null ? "" : name.trim();
        if (!NAME.matcher(trimmed).matches()) {
            throw new ValidationFailedException(List.of(new FieldError("name", "must be 1 to 100 characters: letters, "
                    + "digits, '.', '_' or '-', starting with a letter or digit (was '" + trimmed + "')")));
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            // serialises concurrent creations of one name, so the loser gets a 409 instead of a constraint error
            tenants.getEntityManager()
                    .createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtextextended(:name, 1))) l")
                    .setParameter("name", trimmed).getSingleResult();
            if (tenants.findByName(trimmed).isPresent()) {
                throw new ConflictException("a tenant named '" + trimmed + "' already exists");
            }
            TenantEntity tenant = new TenantEntity();
            tenant.id = UUID.randomUUID();
            tenant.name = trimmed;
            tenant.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            tenants.persist(tenant);
            return tenant;
        });
    }

    /** Most a count limit can be set to (a submission per 60 µs, a million open jobs): larger is a typo. */
    private static final long MAX_LIMIT = 1_000_000;
    /** Most the training work can be set to: a million steps of batch 1,000,000. */
    private static final long MAX_WORK = 1_000_000_000_000L;

    /**
     * Sets a tenant's limits (null: the installation's default; 0: unlimited). This api instance applies them at
     * once, the others within the key cache time.
     *
     * @throws ResourceNotFoundException (404) for an unknown tenant
     * @throws ValidationFailedException (422) for a value outside 0 to 1,000,000 (the training work: 10^12)
     */
    public TenantEntity setLimits(UUID id, Limits.Settings limits) {
        List<FieldError> errors = new ArrayList<>();
        checkLimit("submissionsPerMinute", limits.submissionsPerMinute(), MAX_LIMIT, errors);
        checkLimit("maxOpenJobs", limits.maxOpenJobs(), MAX_LIMIT, errors);
        checkLimit("maxTrainingWork", limits.maxTrainingWork(), MAX_WORK, errors);
        checkLimit("maxImagesPerJob", limits.maxImagesPerJob(), MAX_LIMIT, errors);
        checkLimit("maxEventStreams", limits.maxEventStreams(), MAX_LIMIT, errors);
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        TenantEntity changed = QuarkusTransaction.requiringNew().call(() -> {
            TenantEntity tenant = tenants.findByIdOptional(id)
                    .orElseThrow(() -> new ResourceNotFoundException("no tenant with id " + id));
            tenant.submissionsPerMinute = limits.submissionsPerMinute();
            tenant.maxOpenJobs = limits.maxOpenJobs();
            tenant.maxTrainingWork = limits.maxTrainingWork();
            tenant.maxImagesPerJob = limits.maxImagesPerJob();
            tenant.maxEventStreams = limits.maxEventStreams();
            return tenant;
        });
        authenticator.forgetAll();
        return changed;
    }

    private static void checkLimit(String field, Number value, long max, List<FieldError> errors) {
        if (value != null && (value.longValue() < 0 || value.longValue() > max)) {
            errors.add(new FieldError(field, "must be between 0 (unlimited) and " + max + ", or null for the "
                    + "default (was " + value + ")"));
        }
    }

    /** The tenant's own limits, the installation's defaults where it has none. */
    public Limits effectiveLimits(TenantEntity tenant) {
        return authenticator.limits(tenant);
    }

    public List<TenantEntity> list() {
        return QuarkusTransaction.joiningExisting().call(tenants::all);
    }

    public Optional<TenantEntity> find(UUID id) {
        return QuarkusTransaction.joiningExisting().call(() -> tenants.findByIdOptional(id));
    }

    /**
     * Revokes a tenant: none of its keys is accepted any more (by every api instance within the cache time);
     * its jobs and models stay. Revoking a revoked tenant changes nothing.
     *
     * @param callerTenant the revoking admin's tenant, which cannot revoke itself (it would lock itself out)
     * @throws ResourceNotFoundException (404) for an unknown tenant
     * @throws ConflictException         (409) for the caller's own tenant
     */
    public TenantEntity revoke(UUID id, UUID callerTenant) {
        if (id.equals(callerTenant)) {
            throw new ConflictException("a key cannot revoke its own tenant " + id);
        }
        TenantEntity revoked = QuarkusTransaction.requiringNew().call(() -> {
            TenantEntity tenant = tenants.findByIdOptional(id)
                    .orElseThrow(() -> new ResourceNotFoundException("no tenant with id " + id));
            if (tenant.revokedAt == null) {
                tenant.revokedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            }
            return tenant;
        });
        authenticator.forgetAll();
        return revoked;
    }
}
