package dev.diffusion.api.tenant.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource class only admin keys may use. The authentication filter checks it before the body is read, so a
 * member learns nothing from an admin endpoint but 403.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AdminOnly {
}
