/**
 * The REST API of ingest-service.
 *
 * <p>Roles: every resource class is {@code @RolesAllowed({"reader", "writer"})}, so every read needs a bearer token
 * with role {@code reader} or {@code writer} (a writer may read), and an endpoint added later is not open by mistake;
 * each change (contracts, uploads, replays, sources) is {@code @RolesAllowed("writer")} on its method, which
 * overrides the class. No token: 401, a token with neither role: 403 (problem+json, rest-problems). {@code /q/health},
 * {@code /q/metrics} and {@code /q/openapi} are not resources of this package and stay open.
 */
package io.meridian.ingest.rest;
