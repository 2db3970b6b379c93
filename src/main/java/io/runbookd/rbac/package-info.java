/**
 * Least privilege derived from the rules: which permissions (Kubernetes RBAC, PostgreSQL, AWS
 * IAM, network) the loaded rules' steps need, rendered as the manifests and grants of the {@code
 * rbac} command, and checked against an RBAC file by {@code validate --rbac}.
 */
package io.runbookd.rbac;
