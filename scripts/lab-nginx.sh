# SPDX-License-Identifier: GPL-2.0
# Sourced by the lab's guest scripts (bench-guest.sh, profile-guest.sh):
# nginx serving a 600-byte page, two workers, once over TCP and once moved
# by smc_run, for wrk's short connections.

# lab_nginx_start TCP_PORT SMC_PORT SMC_RUN: both servers started (each
# forks its workers and returns)
lab_nginx_start()
{
	local tcp_port=$1 smc_port=$2 smc_run=$3

	mkdir -p /tmp/www /tmp/nginx
	head -c 600 /dev/zero | tr '\0' 'x' > /tmp/www/index.html
	cat > /tmp/nginx/nginx.conf <<NGINX
worker_processes 2;
pid /tmp/nginx/nginx-\$port.pid;
error_log /tmp/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path /tmp/nginx/body;
	proxy_temp_path /tmp/nginx/proxy;
	fastcgi_temp_path /tmp/nginx/fastcgi;
	uwsgi_temp_path /tmp/nginx/uwsgi;
	scgi_temp_path /tmp/nginx/scgi;
	server { listen PORT reuseport; root /tmp/www; }
}
NGINX
	sed "s/PORT/$tcp_port/; s/-\$port/-tcp/" /tmp/nginx/nginx.conf > /tmp/nginx/tcp.conf
	sed "s/PORT/$smc_port/; s/-\$port/-smc/" /tmp/nginx/nginx.conf > /tmp/nginx/smc.conf
	nginx -e /tmp/nginx/error.log -c /tmp/nginx/tcp.conf
	"$smc_run" nginx -e /tmp/nginx/error.log -c /tmp/nginx/smc.conf
}
