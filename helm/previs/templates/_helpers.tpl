{{/* Names and labels shared by every Previs resource. */}}
{{- define "previs.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "previs.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "previs.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "previs.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: previs
{{- end -}}

{{- define "previs.selectorLabels" -}}
app.kubernetes.io/name: {{ include "previs.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The CPU image: every service but the GPU workers. */}}
{{- define "previs.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* The GPU image (CUDA runtime). */}}
{{- define "previs.gpuImage" -}}
{{ .Values.image.gpuRepository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "previs.secretName" -}}
{{- .Values.storage.existingSecret | default (printf "%s-storage" (include "previs.fullname" .)) -}}
{{- end -}}

{{- define "previs.kafkaSecretName" -}}
{{- .Values.kafkaSecurity.existingSecret | default (printf "%s-kafka" (include "previs.fullname" .)) -}}
{{- end -}}

{{- define "previs.workerName" -}}
{{- printf "%s-worker-%s" (include "previs.fullname" .root) .pool.name -}}
{{- end -}}

{{- define "previs.autoscalerName" -}}
{{- printf "%s-autoscaler" (include "previs.fullname" .) -}}
{{- end -}}

{{- define "previs.autoscaled" -}}
{{- if ne .Values.autoscaling.mode "none" }}true{{ end -}}
{{- end -}}

{{/*
A pool with the defaults filled in: a pool's field replaces the default's; image and modelCache
merge key by key. Not sprig's merge, which lets a default overwrite a pool's false or 0.
Returns YAML: fromYaml (include "previs.pool" (dict "root" $ "pool" $p)).
*/}}
{{- define "previs.pool" -}}
{{- $p := deepCopy .root.Values.workerDefaults -}}
{{- range $k, $v := .pool -}}
{{- if and (has $k (list "image" "modelCache")) (kindIs "map" $v) -}}
{{- $merged := deepCopy (get $p $k | default dict) -}}
{{- range $k2, $v2 := $v }}{{ $_ := set $merged $k2 $v2 }}{{ end -}}
{{- $_ := set $p $k $merged -}}
{{- else -}}
{{- $_ := set $p $k $v -}}
{{- end -}}
{{- end -}}
{{- toYaml $p -}}
{{- end -}}

{{/* Every pool, defaults filled in and checked, as a YAML list under "pools". */}}
{{- define "previs.pools" -}}
{{- $pools := list -}}
{{- $names := dict -}}
{{- range $i, $raw := .Values.workerPools -}}
{{- $p := fromYaml (include "previs.pool" (dict "root" $ "pool" $raw)) -}}
{{- $at := printf "workerPools[%d] (%s)" $i $p.name -}}
{{- if hasKey $names $p.name -}}
{{- fail (printf "%s.name: pool %s is listed twice" $at $p.name) -}}
{{- end -}}
{{- $_ := set $names $p.name true -}}
{{- if gt (int $p.min) (int $p.max) -}}
{{- fail (printf "%s.max: %v is below min %v" $at $p.max $p.min) -}}
{{- end -}}
{{- $gpu := false -}}
{{- range $k, $_ := ($p.resources.limits | default dict) -}}
{{- if hasPrefix "nvidia.com/" $k }}{{ $gpu = true }}{{ end -}}
{{- end -}}
{{- if and (eq $p.device "cuda") (not $gpu) -}}
{{- fail (printf "%s.resources.limits: a cuda pool needs an nvidia.com/gpu (or MIG) limit" $at) -}}
{{- end -}}
{{- if and (eq $p.device "cpu") $gpu -}}
{{- fail (printf "%s.resources: a cpu pool must not ask for nvidia.com GPUs" $at) -}}
{{- end -}}
{{- if le (int $p.terminationGracePeriodSeconds) 15 -}}
{{- fail (printf "%s.terminationGracePeriodSeconds must be over 15" $at) -}}
{{- end -}}
{{- $pools = append $pools $p -}}
{{- end -}}
{{- toYaml (dict "pools" $pools) -}}
{{- end -}}

{{/* A pool's image: its own repository/tag, else the GPU image for cuda and the CPU image for cpu. */}}
{{- define "previs.poolImage" -}}
{{- $img := .pool.image | default dict -}}
{{- $repo := $img.repository | default (ternary .root.Values.image.gpuRepository .root.Values.image.repository (eq .pool.device "cuda")) -}}
{{- $tag := $img.tag | default (.root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{ $repo }}:{{ $tag }}
{{- end -}}

{{/* A duration (500ms, 30s, 10m, 2h) in whole seconds. */}}
{{- define "previs.seconds" -}}
{{- $n := regexFind "^[0-9]+" . | int -}}
{{- $unit := regexFind "[a-z]+$" . -}}
{{- if eq $unit "ms" }}{{ div $n 1000 }}
{{- else if eq $unit "s" }}{{ $n }}
{{- else if eq $unit "m" }}{{ mul $n 60 }}
{{- else if eq $unit "h" }}{{ mul $n 3600 }}
{{- else }}{{ fail (printf "%q is not a duration (500ms, 30s, 10m, 2h)" .) }}
{{- end -}}
{{- end -}}

{{/* The restricted Pod Security Standard, for every pod and container of the chart. */}}
{{- define "previs.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
# Only when the volume's root is not ours yet: a model cache holds tens of thousands of files.
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "previs.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/* What every service's pod spec shares: security and pull secrets. */}}
{{- define "previs.podCommon" -}}
securityContext:
  {{- include "previs.podSecurityContext" . | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The environment every service's container shares (after envFrom the ConfigMap). */}}
{{- define "previs.commonEnv" -}}
- name: PREVIS_STORAGE_ACCESS_KEY
  valueFrom:
    secretKeyRef: {name: {{ include "previs.secretName" . }}, key: accessKey}
- name: PREVIS_STORAGE_SECRET_KEY
  valueFrom:
    secretKeyRef: {name: {{ include "previs.secretName" . }}, key: secretKey}
- name: SERVER_PORT
  value: "8080"
{{- if .Values.kafkaSecurity.enabled }}
- name: SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef: {name: {{ include "previs.kafkaSecretName" . }}, key: jaasConfig}
{{- with .Values.kafkaSecurity.truststoreSecret }}
- name: SPRING_KAFKA_SSL_TRUST_STORE_LOCATION
  value: {{ printf "file:/etc/previs/kafka-truststore/%s" $.Values.kafkaSecurity.truststoreKey | quote }}
- name: SPRING_KAFKA_SSL_TRUST_STORE_TYPE
  value: {{ $.Values.kafkaSecurity.truststoreType | quote }}
- name: SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ . }}, key: {{ $.Values.kafkaSecurity.truststorePasswordKey }}}
{{- end }}
{{- end }}
{{- end -}}

{{/* The container fields every service shares: image policy, envFrom, ports, probes. */}}
{{- define "previs.containerCommon" -}}
imagePullPolicy: {{ .Values.image.pullPolicy }}
securityContext:
  {{- include "previs.containerSecurityContext" . | nindent 2 }}
envFrom:
  - configMapRef:
      name: {{ include "previs.fullname" . }}-config
ports:
  - name: http
    containerPort: 8080
livenessProbe:
  httpGet: {path: /actuator/health/liveness, port: http}
  initialDelaySeconds: 30
  periodSeconds: 10
readinessProbe:
  httpGet: {path: /actuator/health/readiness, port: http}
  initialDelaySeconds: 15
  periodSeconds: 10
{{- end -}}

{{/* Read-only mounts every service shares (the Kafka trust store). */}}
{{- define "previs.commonMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if and .Values.kafkaSecurity.enabled .Values.kafkaSecurity.truststoreSecret }}
- name: kafka-truststore
  mountPath: /etc/previs/kafka-truststore
  readOnly: true
{{- end }}
{{- end -}}

{{- define "previs.commonVolumes" -}}
# The root filesystem is read-only: the JVM, ONNX Runtime, JavaCPP and DJL write under /tmp.
- name: tmp
  emptyDir: {}
{{- if and .Values.kafkaSecurity.enabled .Values.kafkaSecurity.truststoreSecret }}
- name: kafka-truststore
  secret:
    secretName: {{ .Values.kafkaSecurity.truststoreSecret }}
    defaultMode: 0440
{{- end }}
{{- end -}}

{{/* The config checksum that rolls every pod when the ConfigMap or generated Secrets change. */}}
{{- define "previs.checksum" -}}
checksum/config: {{ include (print .Template.BasePath "/config.yaml") . | sha256sum }}
{{- end -}}
