package io.outboxfleet.workers;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SideEffectWorkersApplication {

    public static void main(String[] args) {
        SpringApplication.run(SideEffectWorkersApplication.class, args);
    }
}
