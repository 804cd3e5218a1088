/**
 * The fixed part of every control command (bash): the subcommands and the steps of create, after
 * the generated part that says what the template is (see script.ts). Kept as written so a review
 * of bin/<command> reads it as it runs.
 */
export const RUNTIME = `# ---------------------------------------------------------------------------------------------
# The same for every template: the subcommands and their steps.

readonly E_STEP=1 E_USAGE=2 E_REFUSED=3 E_UNKNOWN=4 E_SETUP=5
# An empty state directory lists no names (not a literal '*').
shopt -s nullglob

warn() { printf '%s: %s\\n' "$command" "$*" >&2; }
die() {
  local code=$1
  shift
  warn "$*"
  exit "$code"
}

# fill TEXT: TEXT with {name} and {user} filled in. Both are checked before (letters, digits, '-',
# '_'), so what they become needs no quoting in a unit file, a path or a podman argument.
fill() {
  local text=$1
  text=\${text//'{name}'/"$name"}
  text=\${text//'{user}'/"$user"}
  printf '%s\\n' "$text"
}

# fill_lines: fill for each line of standard input.
fill_lines() {
  local line
  while IFS= read -r line || [[ -n $line ]]; do fill "$line"; done
}

# identify: the calling account, its Quadlet directory and the shared state it must reach.
identify() {
  uid=$(id -u)
  user=$(id -un)
  [[ $uid != 0 ]] || die "$E_USAGE" "run this as the developer, not as root: containers run in your own systemd manager"
  [[ $user =~ $account_pattern ]] || die "$E_SETUP" "the account name $user cannot be used in container units"
  [[ -d $state_dir && -w $state_dir ]] || die "$E_SETUP" "$state_dir is missing or not writable: is $user in group $group? (log in again after being added)"
  quadlet_dir=$HOME/.config/containers/systemd
  export XDG_RUNTIME_DIR=\${XDG_RUNTIME_DIR:-/run/user/$uid}
}

# check_name NAME: NAME may name a container: 3-63 lowercase letters, digits and '-', not at
# either end. Sets $name and the name of its home volume's unit. (After identify: needs $user.)
check_name() {
  [[ -n \${1:-} ]] || usage_error "a container name is missing"
  [[ $1 =~ $name_pattern ]] || usage_error "invalid name \\"$1\\": use 3-63 lowercase letters, digits and '-', starting and ending with a letter or digit"
  name=$1
  volume_unit_name=\${home_volume:+$(fill "$home_volume")}
}

# mine NAME: NAME is a container the caller made with this command.
mine() {
  check_name "$1"
  [[ -f $state_dir/$name && $(stat -c %u -- "$state_dir/$name") == "$uid" ]] || die "$E_UNKNOWN" "you have no container named $name (see: $command list)"
}

# claims: the names of every container made with this command on this host, any user's (files
# of other names, made by hand, are not containers).
claims() {
  local file
  for file in "$state_dir"/*; do [[ ! \${file##*/} =~ $name_pattern ]] || printf '%s\\n' "\${file##*/}"; done
}

# my_claims: the caller's.
my_claims() {
  local claim
  while IFS= read -r claim; do
    [[ $(stat -c %u -- "$state_dir/$claim") != "$uid" ]] || printf '%s\\n' "$claim"
  done < <(claims)
}

# claim_field FIELD: a field of the caller's claim file on $name (created, flags).
claim_field() {
  local line
  while IFS= read -r line; do [[ $line != "$1="* ]] || printf '%s\\n' "\${line#*=}"; done <"$state_dir/$name"
}

# state: running, starting, stopped (by stop or the cleanup job), failed or inactive.
state() {
  local active
  active=$(systemctl --user is-active "$name.service" 2>/dev/null) || true
  case $active in
    active) echo running ;;
    activating | reloading) echo starting ;;
    *) if [[ -e $state_dir/$name.stopped ]]; then echo stopped; else echo "\${active:-inactive}"; fi ;;
  esac
}

# last_activity: when the container started, or a later change in its home volume (what the
# cleanup job measures); for a stopped container, when it stopped. Seconds since 1970.
last_activity() {
  local last newest mountpoint
  if [[ -e $state_dir/$name.stopped ]]; then
    stat -c %Y -- "$state_dir/$name.stopped"
    return
  fi
  last=$(podman inspect --format '{{.State.StartedAt.Unix}}' "$name" 2>/dev/null) || last=$(claim_field created)
  if [[ -n $volume_unit_name ]] && mountpoint=$(podman volume inspect --format '{{.Mountpoint}}' "systemd-$volume_unit_name" 2>/dev/null); then
    newest=$(find "$mountpoint" -xdev -newermt "@$last" -printf '%T@\\n' 2>/dev/null | sort -rn | head -n 1) || true
    newest=\${newest%.*}
    if [[ -n $newest && $newest -gt $last ]]; then last=$newest; fi
  fi
  echo "$last"
}

# duration SECONDS: 3d 4h, 2h 5m or 12m.
duration() {
  local s=$1
  if ((s >= 86400)); then
    echo "$((s / 86400))d $((s % 86400 / 3600))h"
  elif ((s >= 3600)); then
    echo "$((s / 3600))h $((s % 3600 / 60))m"
  else
    echo "$((s / 60))m"
  fi
}

when() { date -d "@$1" '+%Y-%m-%d %H:%M'; }

# write_units: the container's Quadlet files, filled in for $name and $user, then a reload so
# Quadlet turns them into services.
write_units() {
  mkdir -p "$quadlet_dir" || return 1
  if [[ -n $volume_unit_name ]]; then volume_unit | fill_lines >"$quadlet_dir/$volume_unit_name.volume" || return 1; fi
  container_unit | fill_lines >"$quadlet_dir/$name.container" || return 1
  systemctl --user daemon-reload
}

# wait_tailscale: until \`tailscale status\` in the container succeeds (it exits 1 until the node
# is logged in and running), for at most $tailscale_timeout seconds.
wait_tailscale() {
  local deadline=$((SECONDS + tailscale_timeout))
  until podman exec "$name" tailscale \${tailscale_args[@]+"\${tailscale_args[@]}"} status >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      warn "$name did not join the tailnet within $tailscale_timeout seconds (see: podman logs $name)"
      return 1
    fi
    sleep 1
  done
}

# logout_tailscale: logs the container's node out, so the tailnet keeps no stale machine. A
# stopped container is started for it; a failure is reported, not fatal (remove the machine in
# the admin console then).
logout_tailscale() {
  if ! systemctl --user is-active --quiet "$name.service"; then
    if ! { systemctl --user start "$name.service" && wait_tailscale; }; then
      warn "could not start $name to log it out of Tailscale: remove the machine $name in the Tailscale admin console"
      return 0
    fi
  fi
  podman exec "$name" tailscale \${tailscale_args[@]+"\${tailscale_args[@]}"} logout >/dev/null ||
    warn "tailscale logout in $name failed: remove the machine $name in the Tailscale admin console"
}

# secret_command VARIABLE ENV_FILE PROGRAM [ARGUMENT...]: runs a secret's command once, with the
# variables of ENV_FILE (KEY=value lines, as systemd reads them for the unit), output discarded.
secret_command() {
  local variable=$1 env_file=$2
  shift 2
  if ! (
    if [[ -n $env_file ]]; then load_env_file "$env_file" || exit 1; fi
    "$@" >/dev/null
  ); then
    warn "the command of secret $variable failed: $*"
    return 1
  fi
}

# load_env_file FILE: exports its KEY=value lines (quotes around a value removed); comments skipped.
load_env_file() {
  local line key value
  [[ -r $1 ]] || {
    warn "$1 is not readable by $user"
    return 1
  }
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*=[[:space:]]*(.*)$ ]] || continue
    key=\${BASH_REMATCH[1]}
    value=\${BASH_REMATCH[2]}
    if [[ $value =~ ^\\"(.*)\\"$ || $value =~ ^\\'(.*)\\'$ ]]; then value=\${BASH_REMATCH[1]}; fi
    export "$key=$value"
  done <"$1"
}

# ---- create ---------------------------------------------------------------------------------

# What create has made so far, undone in reverse order when a step fails or it is interrupted.
made=()

rollback() {
  local i
  trap - INT TERM HUP
  for ((i = \${#made[@]} - 1; i >= 0; i--)); do "undo_\${made[i]}" || warn "could not undo \${made[i]}"; done
  made=()
}

# step NAME UNDO FUNCTION: runs one step of create; UNDO (an undo_ function, or -) is recorded
# first, so a half-done step is undone too. A failure undoes everything and names the step.
step() {
  local what=$1 undo=$2
  shift 2
  [[ $undo == - ]] || made+=("$undo")
  if ! "$@"; then
    warn "create $name: step \\"$what\\" failed; everything it made is removed again"
    rollback
    exit "$E_STEP"
  fi
}

# reserve: under the lock on the shared state, checks that the name is free and the limits
# allow one more, then claims the name with a file the caller owns. The later steps run
# without the lock: the claim already holds the slot.
reserve() {
  local entry total=0 own=0 claim
  exec 9<"$state_dir"
  flock -w 60 9 || {
    warn "another $command kept $state_dir locked for 60 seconds"
    return 1
  }
  for entry in "\${reserved[@]}"; do
    [[ $entry != "$name" ]] || die "$E_REFUSED" "the name $name is taken on this host (the topology uses it)"
  done
  [[ ! -e $state_dir/$name ]] || die "$E_REFUSED" "the name $name is taken on this host"
  for entry in "\${declared[@]}"; do
    total=$((total + 1))
    [[ \${entry%%:*} != "$user" ]] || own=$((own + 1))
  done
  while IFS= read -r claim; do
    total=$((total + 1))
    [[ $(stat -c %u -- "$state_dir/$claim") != "$uid" ]] || own=$((own + 1))
  done < <(claims)
  [[ -z $limit_total || $total -lt $limit_total ]] || die "$E_REFUSED" "the host runs $total containers, the most it allows (destroy one first)"
  [[ -z $limit_per_user || $own -lt $limit_per_user ]] || die "$E_REFUSED" "you have $own containers, the most one user may have (destroy one first: $command list)"
  made+=(claim)
  (set -C && printf 'created=%s\\nflags=%s\\n' "$(date +%s)" "\${chosen[*]}" >"$state_dir/$name") || return 1
  exec 9<&-
}
undo_claim() { rm -f -- "$state_dir/$name"; }

# linger: the user's systemd manager must run without a login, or the container stops at logout.
linger() {
  [[ $(loginctl show-user "$user" --property=Linger --value 2>/dev/null) == yes ]] || loginctl enable-linger "$user"
}

write_flags() {
  local flag
  for flag in \${chosen[@]+"\${chosen[@]}"}; do flag_env "$flag"; done | fill_lines >"$quadlet_dir/$name.env"
}
make_units() {
  mkdir -p "$quadlet_dir" || return 1
  if ((\${#flags[@]} > 0)); then write_flags || return 1; fi
  write_units
}
undo_units() {
  rm -f -- "$quadlet_dir/$name.container" "$quadlet_dir/$name.env" \${volume_unit_name:+"$quadlet_dir/$volume_unit_name.volume"}
  systemctl --user daemon-reload
}

# make_volume: starts the volume's service, which creates it (or finds the one a destroy
# --keep-volume left, which the undo then keeps).
volume_existed=no
make_volume() {
  if podman volume exists "systemd-$volume_unit_name"; then volume_existed=yes; fi
  systemctl --user start "$volume_unit_name-volume.service"
}
undo_volume() {
  systemctl --user stop "$volume_unit_name-volume.service"
  [[ $volume_existed == yes ]] || podman volume rm --force "systemd-$volume_unit_name" >/dev/null
}

start_service() { systemctl --user start "$name.service"; }
undo_service() {
  if [[ $tailscale == yes ]] && systemctl --user is-active --quiet "$name.service"; then
    podman exec "$name" tailscale \${tailscale_args[@]+"\${tailscale_args[@]}"} logout >/dev/null 2>&1
  fi
  systemctl --user stop "$name.service"
  systemctl --user reset-failed "$name.service" 2>/dev/null
  return 0
}

cmd_create() {
  local arg flag known entry wanted=''
  chosen=()
  for arg in "$@"; do
    case $arg in
      --help | -h) help_create; exit 0 ;;
      --with-*)
        flag=\${arg#--with-}
        known=no
        for entry in \${flags[@]+"\${flags[@]}"}; do [[ $entry != "$flag" ]] || known=yes; done
        [[ $known == yes ]] || usage_error "unknown option $arg (see: $command create --help)"
        chosen+=("$flag")
        ;;
      -*) usage_error "unknown option $arg (see: $command create --help)" ;;
      *) [[ -z $wanted ]] || usage_error "create takes one name"; wanted=$arg ;;
    esac
  done
  identify
  check_name "$wanted"
  trap 'warn "create $name: interrupted; removing what was made"; rollback; exit 130' INT TERM HUP
  step "reserve name and slot" - reserve
  step "linger" - linger
  step "read secrets" - read_secrets
  step "write units" units make_units
  if [[ -n $volume_unit_name ]]; then step "create volume" volume make_volume; fi
  step "start" service start_service
  if [[ $tailscale == yes ]]; then step "wait for Tailscale" - wait_tailscale; fi
  trap - INT TERM HUP
  made=()
  echo "Created $name. Connect:"
  connect_lines | fill_lines | sed 's/^/  /'
}

# ---- the other subcommands ------------------------------------------------------------------

# one_name SUBCOMMAND HELP ARGS...: the single name argument of start, stop and status.
one_name() {
  local sub=$1 help=$2 arg
  shift 2
  name=
  for arg in "$@"; do
    case $arg in
      --help | -h) "$help"; exit 0 ;;
      -*) usage_error "unknown option $arg (see: $command $sub --help)" ;;
      *) [[ -z $name ]] || usage_error "$sub takes one name"; name=$arg ;;
    esac
  done
  identify
  mine "$name"
}

# run NAME FUNCTION: a step of destroy, start or stop; a failure names it and stops (running the
# subcommand again continues from there).
run() {
  local what=$1
  shift
  "$@" || die "$E_STEP" "$sub $name: step \\"$what\\" failed"
}

cmd_destroy() {
  local arg keep=no
  name=
  for arg in "$@"; do
    case $arg in
      --help | -h) help_destroy; exit 0 ;;
      --keep-volume) keep=yes ;;
      -*) usage_error "unknown option $arg (see: $command destroy --help)" ;;
      *) [[ -z $name ]] || usage_error "destroy takes one name"; name=$arg ;;
    esac
  done
  identify
  mine "$name"
  rm -f -- "$state_dir/$name.stopped"
  if [[ $tailscale == yes ]]; then logout_tailscale; fi
  run "stop" systemctl --user stop "$name.service"
  run "remove units" undo_units
  if [[ -n $volume_unit_name ]]; then
    run "stop volume service" systemctl --user stop "$volume_unit_name-volume.service"
    if [[ $keep == no ]]; then run "remove volume" podman volume rm --force "systemd-$volume_unit_name" >/dev/null; fi
  fi
  run "release name" undo_claim
  if [[ -n $volume_unit_name && $keep == yes ]]; then
    echo "Destroyed $name; kept its volume systemd-$volume_unit_name (create $name again to use it)."
  else
    echo "Destroyed $name."
  fi
}

cmd_start() {
  one_name start help_start "$@"
  rm -f -- "$state_dir/$name.stopped"
  # The units are written again: a changed template or image applies from this start on.
  run "write units" write_units
  run "start" systemctl --user start "$name.service"
  if [[ $tailscale == yes ]]; then run "wait for Tailscale" wait_tailscale; fi
  echo "Started $name. Connect:"
  connect_lines | fill_lines | sed 's/^/  /'
}

cmd_stop() {
  one_name stop help_stop "$@"
  # The stamp keeps it stopped across reboots (the unit's ConditionPathExists=) and dates the stop.
  run "mark stopped" touch -- "$state_dir/$name.stopped"
  run "stop" systemctl --user stop "$name.service"
  echo "Stopped $name."
}

cmd_status() {
  local created flags_set
  one_name status help_status "$@"
  created=$(claim_field created)
  flags_set=$(claim_field flags)
  printf '%-15s%s\\n' "name:" "$name" "state:" "$(state)" \\
    "created:" "$(when "$created") ($(duration $(($(date +%s) - created))) ago)" \\
    "last activity:" "$(when "$(last_activity)")" "flags:" "\${flags_set:--}" \\
    "unit:" "$quadlet_dir/$name.container ($name.service)"
  if [[ -n $volume_unit_name ]]; then printf '%-15s%s\\n' "volume:" "systemd-$volume_unit_name"; fi
  echo "connect:"
  connect_lines | fill_lines | sed 's/^/  /'
}

cmd_list() {
  local arg stopped_for='' now created flags_set
  while (($# > 0)); do
    case $1 in
      --help | -h) help_list; exit 0 ;;
      --stopped-for)
        [[ \${2:-} =~ ^[0-9]+$ ]] || usage_error "--stopped-for takes a number of days"
        stopped_for=$2
        shift
        ;;
      *) usage_error "unknown argument $1 (see: $command list --help)" ;;
    esac
    shift
  done
  identify
  now=$(date +%s)
  if [[ -n $stopped_for ]]; then
    while IFS= read -r arg; do
      check_name "$arg"
      if [[ -e $state_dir/$name.stopped ]] && (($(stat -c %Y -- "$state_dir/$name.stopped") <= now - stopped_for * 86400)); then echo "$name"; fi
    done < <(my_claims)
    return 0
  fi
  printf '%-24s %-9s %-8s %-17s %s\\n' NAME STATE AGE "LAST ACTIVITY" FLAGS
  while IFS= read -r arg; do
    check_name "$arg"
    created=$(claim_field created)
    flags_set=$(claim_field flags)
    printf '%-24s %-9s %-8s %-17s %s\\n' "$name" "$(state)" "$(duration $((now - created)))" "$(when "$(last_activity)")" "\${flags_set:--}"
  done < <(my_claims)
}

usage_error() {
  warn "$*"
  exit "$E_USAGE"
}

main() {
  sub=\${1:-}
  [[ $# -eq 0 ]] || shift
  case $sub in
    create) cmd_create "$@" ;;
    destroy) cmd_destroy "$@" ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    list) cmd_list "$@" ;;
    status) cmd_status "$@" ;;
    --help | -h | help) help_main ;;
    "") help_main >&2; exit "$E_USAGE" ;;
    *) usage_error "unknown command $sub (see: $command --help)" ;;
  esac
}

main "$@"
`;
