FROM alpine:3.21
COPY --from=nginx:latest /etc/nginx/nginx.conf /nginx.conf
RUN head -3 /nginx.conf
