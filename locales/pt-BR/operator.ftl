# The operator's pages and the plans.

money-brl-equivalent = ≈ { $brl } a { $rate } por US$ (cotação do operador de { $date }; cobrado em US$)

rate-title = Reais nas páginas dos espaços de trabalho
rate-help = Os espaços de trabalho são cobrados em US$, como o provedor cobra. Com uma cotação aqui, as páginas também mostram o equivalente em reais, com esta cotação e a data dela. Deixe o campo vazio para não mostrar reais.
rate-field = Reais por US$
rate-reads = = { $rate } por US$
rate-none = Sem cotação: os reais não aparecem.
rate-current = Agora: { $rate } por US$, definida em { $date } (UTC).
rate-unset = Nenhuma cotação definida: os espaços de trabalho veem só US$.
rate-save = Salvar cotação
