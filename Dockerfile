FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY kg ./kg
COPY schema ./schema
RUN pip install --no-cache-dir .
ENTRYPOINT []
CMD ["kg", "--help"]
