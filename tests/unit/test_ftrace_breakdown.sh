#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/ftrace-breakdown.py on a function graph trace written in the
# kernel's format (absolute time, CPU, task-PID, duration, the call with
# its name at its end): calls nest per task, not per CPU (a task that
# sleeps in one call and wakes on another CPU); a return whose entry came
# before the trace began is left out; a root called inside another root
# belongs to the outer one; the workqueue hop is the time from
# queue_work to the work's start; per-connection figures divide by
# --conns.

. "$(dirname "$0")/../../selftests/smc_lib.sh"
py=$(cd "$(dirname "$0")/../.." && pwd)/scripts/ftrace-breakdown.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/trace" <<'TRACE'
# tracer: function_graph
#
#     TIME        CPU  TASK/PID         DURATION                  FUNCTION CALLS
#      |          |     |    |           |   |                     |   |   |   |
   10.000000 |   0)   kworker-8    | ! 700.000 us  |  } /* smc_listen_work */
   10.000100 |   0)    wrk-127     |               |  __smc_connect() {
   10.000200 |   1)   nginx-77     |               |  __smc_connect() {
   10.000300 |   0)    wrk-127     | # 1000.000 us |    mutex_lock();
   10.000400 |   0)    wrk-127     |               |    smc_clc_wait_msg() {
   10.000500 |   1)   nginx-77     |   2.000 us    |    mutex_lock();
   10.000600 |   0)    wrk-127     |               |      schedule_timeout() {
 ------------------------------------------
 0)    wrk-127     =>   kworker-8
 ------------------------------------------

   10.000700 |   0)   kworker-8    |               |  /* workqueue_queue_work: work struct=00000000af120c8f function=smc_listen_work workqueue=smc_hs_wq req_cpu=8 cpu=0 */
   10.001000 |   0)   kworker-8    |               |  /* workqueue_execute_start: work struct 00000000af120c8f: function smc_listen_work */
   10.001100 |   1)    wrk-127     | ! 500.000 us  |      } /* schedule_timeout */
   10.001200 |   1)    wrk-127     | ! 600.000 us  |    } /* smc_clc_wait_msg */
   10.001300 |   1)    wrk-127     | # 2000.000 us |  } /* __smc_connect */
   10.001400 |   1)   nginx-77     |               |    smc_connect_work() {
   10.001500 |   1)   nginx-77     | + 20.000 us   |    } /* smc_connect_work */
   10.001600 |   1)   nginx-77     | ! 998.000 us  |  } /* __smc_connect */
TRACE
out=$(python3 "$py" "$tmp/trace" __smc_connect smc_listen_work smc_connect_work --conns 4 --min-share 0)
echo "$out" | sed 's/^/    /'
smc_lib_check_output "two root calls: mean, median, per connection" \
	'^`__smc_connect`: 2 calls, mean 1499 us, median 1499 us; 0\.50 calls and 750 us per connection$' echo "$out"
smc_lib_check_output "children nest per task across CPUs" \
	'^\| &nbsp;&nbsp;schedule_timeout \| 0\.50 \| 250 \| 17% \|$' echo "$out"
smc_lib_check_output "a leaf of each task counted for its root" '^\| mutex_lock \| 1\.00 \| 501 \| 33% \|$' echo "$out"
smc_lib_check_output "a root inside a root belongs to the outer one" \
	'^`smc_connect_work`: not in the trace$' echo "$out"
smc_lib_check_output "a return without its entry is left out" '^`smc_listen_work`: not in the trace$' echo "$out"
smc_lib_check_output "the workqueue hop: queue_work to start" '^\| smc_listen_work \| 1 \| 300 \| 300 \|$' echo "$out"
smc_lib_exit
